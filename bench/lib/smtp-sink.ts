// A real SMTP server for the app's worker to send to: it reads each message's header block for
// its Message-ID, notes when the message was handed over, and drops the rest. (The tests' sink,
// tests/helpers/smtp-sink.ts, parses and keeps every message: at hundreds a second that would
// take CPU from the app being measured.)
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { registerCleanup } from './run-state.ts'

export interface SmtpSink {
  port: number
  /** Message-ID → when it was handed over (ms since the epoch). */
  received: Map<string, number>
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received = new Map<string, number>()
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    closeTimeout: 100,
    onData(stream, _session, callback) {
      let head = ''
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 16_384 && !head.includes('\r\n\r\n')) head += chunk.toString('latin1')
      })
      stream.once('end', () => {
        const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1]
        if (messageId) received.set(messageId, Date.now())
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  registerCleanup('stop the SMTP sink', () => new Promise<void>((resolve) => server.close(() => resolve())))
  return { port: (server.server.address() as AddressInfo).port, received }
}
