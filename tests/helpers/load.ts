import http from 'node:http'

export interface LoadResult {
  /** Complete responses, by status. */
  statuses: Record<number, number>
  /** Responses that carried Connection: close (the server was draining). */
  closing: number
  /** New connections refused because nothing listened any more: fine once a server is stopping. */
  refused: number
  /** Requests that reached a server and then failed: a reset, a hang-up, a cut response. */
  failures: string[]
  /** Statuses seen per path, in order, for checks such as /ready turning 503. */
  byPath: Record<string, number[]>
}

export interface Load {
  /** Stops sending (each loop finishes its request in flight) and gives the counts. */
  stop(): Promise<LoadResult>
  /** Settles once every loop has ended by itself (all refused) or been stopped. */
  done: Promise<LoadResult>
}

const MAX_DURATION_MS = 60_000

/**
 * Requests over `connections` keep-alive connections, each loop sending its next request as soon
 * as the last one is answered, as a busy browser or load balancer would. A loop ends when stopped,
 * when its new connection is refused, or after a minute at most.
 */
export function keepAliveLoad(baseUrl: string, paths: string[], connections = 10): Load {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const result: LoadResult = { statuses: {}, closing: 0, refused: 0, failures: [], byPath: {} }
  let stopped = false
  const started = Date.now()

  const once = (path: string) =>
    new Promise<'ok' | 'refused' | 'failed'>((resolve) => {
      const request = http.get(new URL(path, baseUrl), { agent }, (response) => {
        const expected = Number(response.headers['content-length'] ?? NaN)
        let length = 0
        response.on('data', (chunk: Buffer) => (length += chunk.length))
        response.on('error', (error) => {
          result.failures.push(`${path}: response ${error.message}`)
          resolve('failed')
        })
        response.on('end', () => {
          if (!response.complete || (Number.isFinite(expected) && length !== expected)) {
            result.failures.push(`${path}: cut response (${length} of ${expected} bytes)`)
            return resolve('failed')
          }
          const status = response.statusCode ?? 0
          result.statuses[status] = (result.statuses[status] ?? 0) + 1
          ;(result.byPath[path] ??= []).push(status)
          if (response.headers.connection === 'close') result.closing += 1
          resolve('ok')
        })
      })
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') {
          result.refused += 1
          return resolve('refused')
        }
        result.failures.push(`${path}: ${error.code ?? ''} ${error.message}`)
        resolve('failed')
      })
    })

  const loop = async (index: number) => {
    let sent = 0
    while (!stopped && Date.now() - started < MAX_DURATION_MS) {
      const outcome = await once(paths[(index + sent) % paths.length]!)
      sent += 1
      if (outcome === 'refused') return
    }
  }

  const done = Promise.all(Array.from({ length: connections }, (_, index) => loop(index))).then(() => {
    agent.destroy()
    return result
  })
  return {
    done,
    stop() {
      stopped = true
      return done
    },
  }
}

/** Total complete responses. */
export function answered(result: LoadResult): number {
  return Object.values(result.statuses).reduce((sum, count) => sum + count, 0)
}

// A port nothing listens on now, for a server process the test starts.
export { freePort } from '../../src/free-port.ts'
