import net from 'node:net'

/** Whether nothing listens on `port` on 127.0.0.1 now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/**
 * `preferred` when it is free, else a port the system has just given out on 127.0.0.1. Another
 * process may still take it before the caller binds it: callers that start a server retry.
 */
export async function freePort(preferred: number | null = null): Promise<number> {
  if (preferred && (await isPortFree(preferred))) return preferred
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}
