import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer, type SMTPServerAddress } from 'smtp-server'
import { isPortFree } from '../../src/free-port.ts'

export interface ReceivedMessage {
  /** Envelope recipients, as the client gave them in RCPT TO. */
  envelopeTo: string[]
  envelopeFrom: string | null
  mail: ParsedMail
}

export interface SmtpSinkOptions {
  /** Refuse these recipients with a permanent 550, as a real server would an unknown mailbox. */
  rejectRecipient?: (address: string) => boolean
  /** Refuse these recipients with a temporary 451, as a real server would when busy or greylisting. */
  deferRecipient?: (address: string) => boolean
}

interface HeldMessage {
  sessionId: string
  message: ReceivedMessage
  accept: () => void
}

/**
 * A real SMTP server on 127.0.0.1 (no TLS, no auth) that keeps every message it receives.
 * stop() then start() brings it back on the same port, to play an outage. holdData() makes it
 * read each message but hold its reply, so that a send is caught in flight.
 */
/**
 * A free port below the range Linux gives out for outgoing connections (32768 and up), so that
 * while a stopped sink is down no client socket can be given its port, and it can start there
 * again. A system-given port (0) is the fallback.
 */
async function restartablePort(): Promise<number> {
  for (let tries = 0; tries < 50; tries += 1) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    if (await isPortFree(port)) return port
  }
  return 0
}

export class SmtpSink {
  readonly messages: ReceivedMessage[] = []
  private server: SMTPServer | null = null
  private boundPort: number | null = null
  private holding = false
  private held: HeldMessage[] = []

  constructor(private readonly options: SmtpSinkOptions = {}) {}

  /** Listens on `port`, else on the port it had before, else on a free one it can start on again. */
  async start(port?: number): Promise<void> {
    port ??= this.boundPort ?? (await restartablePort())
    if (this.server) throw new Error('The SMTP sink is already running')
    const server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      // Closing should not wait for clients (nodemailer does not linger, but be sure).
      closeTimeout: 100,
      onRcptTo: (address: SMTPServerAddress, _session, callback) => {
        if (this.options.rejectRecipient?.(address.address)) {
          const error = Object.assign(new Error(`<${address.address}>: Recipient address rejected: no such user`), { responseCode: 550 })
          return callback(error)
        }
        if (this.options.deferRecipient?.(address.address)) {
          const error = Object.assign(new Error(`<${address.address}>: Recipient address deferred: try again later`), { responseCode: 451 })
          return callback(error)
        }
        callback()
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            const message: ReceivedMessage = {
              envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              mail,
            }
            const accept = () => {
              this.messages.push(message)
              callback()
            }
            if (this.holding) this.held.push({ sessionId: session.id, message, accept })
            else accept()
          })
          .catch((error: Error) => callback(error))
      },
      // A client that goes away before the reply never learns that its message arrived; a real
      // server may or may not deliver it. This one does not, so a resend shows as one message.
      onClose: (session) => {
        this.held = this.held.filter((entry) => entry.sessionId !== session.id)
      },
    })
    server.on('error', () => {})
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.server.off('error', reject)
        resolve()
      })
    })
    this.server = server
    this.boundPort = (server.server.address() as AddressInfo).port
  }

  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = null
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  get port(): number {
    if (this.boundPort === null) throw new Error('Start the SMTP sink first')
    return this.boundPort
  }

  /** An SMTP_URL for the sink; valid while it is stopped too. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`
  }

  get running(): boolean {
    return this.server !== null
  }

  /** From now on, read each message but do not answer its DATA until releaseData(). */
  holdData(): void {
    this.holding = true
  }

  /** Answers the held messages whose clients are still there (they then count as received), and stops holding. */
  releaseData(): void {
    this.holding = false
    const held = this.held
    this.held = []
    for (const entry of held) entry.accept()
  }

  /** The messages read but not yet answered, oldest first. */
  get heldMessages(): readonly ReceivedMessage[] {
    return this.held.map((entry) => entry.message)
  }

  /** The first message (already received or still to come) that matches, or a timeout error. */
  async waitForMessage(predicate: (message: ReceivedMessage) => boolean, timeoutMs = 10_000): Promise<ReceivedMessage> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.messages.find(predicate)
      if (found) return found
      if (Date.now() > deadline) {
        throw new Error(`No matching message within ${timeoutMs} ms (received ${this.messages.length})`)
      }
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }
}
