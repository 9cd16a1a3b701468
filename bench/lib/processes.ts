// Child processes (the app and the baselines). Their output goes straight to a log file, so the
// bench process spends no CPU on it.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { rootDir } from '../../src/paths.ts'
import { checkNotInterrupted, children, logDir, messageOf, registerCleanup, sleep } from './run-state.ts'

export interface Server {
  name: string
  baseUrl: string
  logFile: string
  child: ChildProcess
  exited: Promise<void>
  /** performance.now() when it was spawned. */
  startedAt: number
}

/**
 * The Node options `npm start` gives the app (package.json's "start": `node <options>
 * dist/src/server.js`), so that the bench runs it as production does, heap sizing included.
 */
export function productionNodeOptions(): string[] {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  const words = (scripts.start ?? '').trim().split(/\s+/)
  if (words[0] !== 'node' || words.at(-1) !== 'dist/src/server.js') throw new Error(`package.json's start script is not "node [options] dist/src/server.js": ${scripts.start}`)
  return words.slice(1, -1)
}

export function startServer(name: string, args: string[], env: NodeJS.ProcessEnv, port: number): Server {
  checkNotInterrupted()
  const logFile = path.join(logDir, `${name}.log`)
  const fd = fs.openSync(logFile, 'w')
  const startedAt = performance.now()
  const child = spawn(process.execPath, args, { cwd: rootDir, env, stdio: ['ignore', fd, fd] })
  fs.closeSync(fd)
  children.add(child)
  const exited = new Promise<void>((resolve) => {
    const gone = () => {
      children.delete(child)
      resolve()
    }
    child.once('exit', gone)
    child.once('error', gone)
  })
  const server = { name, baseUrl: `http://127.0.0.1:${port}`, logFile, child, exited, startedAt }
  registerCleanup(`stop the ${name} server`, () => stopServer(server))
  return server
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

export async function stopServer(server: Server): Promise<void> {
  if (hasExited(server.child)) return
  server.child.kill('SIGTERM')
  // The app finishes in-flight requests and closes its pool within 10 s.
  const stopped = await Promise.race([server.exited.then(() => true), sleep(12_000).then(() => false)])
  if (!stopped) {
    server.child.kill('SIGKILL')
    await server.exited
  }
}

export function tailOf(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no output)'
  }
}

/** Polls until `readyPath` answers 200; resolves with performance.now() at that answer. */
export async function waitUntilReady(server: Server, readyPath: string, timeoutMs: number, everyMs = 250): Promise<number> {
  const deadline = Date.now() + timeoutMs
  let last = 'no answer yet'
  while (Date.now() < deadline) {
    checkNotInterrupted()
    if (hasExited(server.child)) {
      throw new Error(
        `The ${server.name} server exited (${server.child.signalCode ?? `exit code ${server.child.exitCode}`}) before it was ready. ` +
          `Last output (${path.relative(rootDir, server.logFile)}):\n${tailOf(server.logFile)}`,
      )
    }
    try {
      const response = await fetch(server.baseUrl + readyPath, { signal: AbortSignal.timeout(2_000) })
      await response.arrayBuffer()
      if (response.status === 200) return performance.now()
      last = `HTTP ${response.status}`
    } catch (error) {
      last = messageOf(error)
    }
    await sleep(everyMs)
  }
  throw new Error(`The ${server.name} server was not ready at ${readyPath} within ${timeoutMs / 1000} s (${last}). Last output:\n${tailOf(server.logFile)}`)
}

/** Resident memory of a process in MB, from /proc (Linux); null where that cannot be read. */
export function rssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) / 1024 : null
  } catch {
    return null
  }
}

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc (Linux); null where that
 * cannot be read. On a machine shared with other work this is steadier than req/s: a request's
 * CPU cost does not change when the process has to wait for a core.
 */
export function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The fields after the command (which is in parentheses and may hold spaces): utime is the 14th, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    // Linux counts in clock ticks of 1/100 s (USER_HZ) on every architecture Node runs on.
    return Number.isFinite(ticks) ? ticks * 10 : null
  } catch {
    return null
  }
}

/** Samples a process's RSS every 100 ms while `work` runs; gives the highest seen. */
export async function peakRssDuring<T>(pid: number | undefined, work: () => Promise<T>): Promise<{ result: T; peakMb: number | null; beforeMb: number | null }> {
  const beforeMb = rssMb(pid)
  let peakMb = beforeMb
  const timer = setInterval(() => {
    const now = rssMb(pid)
    if (now !== null && (peakMb === null || now > peakMb)) peakMb = now
  }, 100)
  try {
    const result = await work()
    const last = rssMb(pid)
    if (last !== null && (peakMb === null || last > peakMb)) peakMb = last
    return { result, peakMb, beforeMb }
  } finally {
    clearInterval(timer)
  }
}
