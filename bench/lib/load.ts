// Load: autocannon for GETs of one URL; a closed loop of distinct requests (one per applicant)
// for the submits, which autocannon cannot give each request its own body and cookies for.
import http from 'node:http'
import autocannon from 'autocannon'
import { cpuMs } from './processes.ts'
import { checkNotInterrupted, interruptedSignal, onInterrupt, options } from './run-state.ts'

export interface LoadResult {
  requestsPerSecond: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  maxMs: number
  requests: number
  /** Answers other than the expected status (2xx for autocannon), and failed requests. */
  unexpected: number
  errors: number
  statusCodes: Record<string, number>
  /** The server's CPU time (user + system) per response of the measured run, when its process id was given. */
  cpuMsPerRequest?: number
}

/** Nearest-rank percentile, rounded to 0.01 ms. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = values.toSorted((a, b) => a - b)
  return Math.round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! * 100) / 100
}

function fire(url: string, seconds: number, headers: Record<string, string>): Promise<{ result: autocannon.Result; latenciesMs: number[] }> {
  checkNotInterrupted()
  const latenciesMs: number[] = []
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections: options.connections, duration: seconds, headers }, (error: unknown, result) => {
      onInterrupt.delete(stop)
      if (error) reject(error instanceof Error ? error : new Error(String(error)))
      else if (interruptedSignal.aborted) reject(interruptedSignal.reason)
      else resolve({ result, latenciesMs })
    })
    const stop = () => instance.stop()
    onInterrupt.add(stop)
    // Every 2xx response time: autocannon's histogram has no p95.
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latenciesMs.push(responseTime)
    })
  })
}

/**
 * GETs `url` over `options.connections` connections: a warm-up, then the measured run. With
 * `serverPid`, also the server's CPU time per response over the measured run.
 */
export async function loadGet(url: string, headers: Record<string, string> = {}, serverPid?: number): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await fire(url, options.warmupSeconds, headers)
  const cpuBefore = cpuMs(serverPid)
  const { result, latenciesMs } = await fire(url, options.durationSeconds, headers)
  const cpuAfter = cpuMs(serverPid)
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]))
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: percentile(latenciesMs, 50),
    p95Ms: percentile(latenciesMs, 95),
    p99Ms: percentile(latenciesMs, 99),
    maxMs: result.latency.max,
    requests: result.requests.total,
    unexpected: result.non2xx,
    errors: result.errors,
    statusCodes,
    ...(cpuBefore !== null && cpuAfter !== null && result.requests.total > 0 ? { cpuMsPerRequest: (cpuAfter - cpuBefore) / result.requests.total } : {}),
  }
}

export interface PreparedRequest {
  method: 'POST' | 'GET'
  path: string
  headers: Record<string, string>
  body?: string
}

/**
 * Sends each prepared request once, over `connections` keep-alive connections, each sending its
 * next as soon as the last is answered, for `seconds` (or until the requests run out).
 */
export async function loadEach(baseUrl: string, requests: PreparedRequest[], seconds: number, expectedStatus: number): Promise<LoadResult> {
  checkNotInterrupted()
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections })
  const latenciesMs: number[] = []
  const statusCodes: Record<string, number> = {}
  let next = 0
  let errors = 0
  let stopped = false
  const stop = () => (stopped = true)
  onInterrupt.add(stop)
  const started = performance.now()
  const endAt = started + seconds * 1000
  const send = (request: PreparedRequest) =>
    new Promise<void>((resolve) => {
      const sentAt = performance.now()
      const outgoing = http.request(new URL(request.path, baseUrl), { method: request.method, headers: request.headers, agent }, (response) => {
        response.resume()
        response.once('end', () => {
          const code = String(response.statusCode)
          statusCodes[code] = (statusCodes[code] ?? 0) + 1
          if (response.statusCode === expectedStatus) latenciesMs.push(performance.now() - sentAt)
          resolve()
        })
      })
      outgoing.once('error', () => {
        errors += 1
        resolve()
      })
      outgoing.end(request.body)
    })
  const loop = async () => {
    while (!stopped && performance.now() < endAt && next < requests.length) await send(requests[next++]!)
  }
  await Promise.all(Array.from({ length: options.connections }, loop))
  const elapsedSeconds = (performance.now() - started) / 1000
  onInterrupt.delete(stop)
  agent.destroy()
  checkNotInterrupted()
  const total = Object.values(statusCodes).reduce((sum, count) => sum + count, 0)
  return {
    requestsPerSecond: latenciesMs.length / elapsedSeconds,
    p50Ms: percentile(latenciesMs, 50),
    p95Ms: percentile(latenciesMs, 95),
    p99Ms: percentile(latenciesMs, 99),
    maxMs: Math.max(0, ...latenciesMs),
    requests: total,
    unexpected: total - latenciesMs.length,
    errors,
    statusCodes,
  }
}

/** How many of `requests` were sent: the rest can be used elsewhere. */
export function sentCount(result: LoadResult): number {
  return result.requests + result.errors
}
