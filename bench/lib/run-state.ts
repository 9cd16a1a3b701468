// The bench's options, folders and clean-up: every resource registers how to undo itself, and
// is undone last-first, once, even on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { rootDir } from '../../src/paths.ts'

const { values } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    only: { type: 'string', multiple: true, default: [] },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string', default: '10' },
    help: { type: 'boolean', short: 'h', default: false },
  },
})

function numberOption(name: string, raw: string, min: number): number {
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min) {
    console.error(`--${name} must be a whole number of at least ${min}, got "${raw}"`)
    process.exit(2)
  }
  return value
}

export const options = {
  build: !values['no-build'],
  strict: values.strict,
  quick: values.quick,
  cpuProfile: values['cpu-prof'],
  /** Target groups to run (--only public --only queue); empty: all. */
  only: values.only,
  help: values.help,
  durationSeconds: numberOption('duration', values.duration ?? (values.quick ? '3' : '10'), 1),
  // Two seconds at least: the first page after seeding (JIT, templates compiled, caches filled) is slow.
  warmupSeconds: numberOption('warmup', values.warmup ?? (values.quick ? '2' : '3'), 0),
  connections: numberOption('connections', values.connections, 1),
}

export const benchDir = path.join(rootDir, '.data', 'bench')
export const logDir = path.join(benchDir, 'logs')
export const profileDir = path.join(benchDir, 'profiles')
fs.mkdirSync(logDir, { recursive: true })

interface Cleanup {
  label: string
  run: () => Promise<void>
}

const cleanups: Cleanup[] = []
let cleaning: Promise<void> | null = null
const interrupted = new AbortController()
export const children = new Set<ChildProcess>()
/** What to stop at once on Ctrl-C (the load in progress). */
export const onInterrupt = new Set<() => void>()

export function registerCleanup(label: string, run: () => Promise<void>): void {
  cleanups.push({ label, run })
}

export function hasCleanups(): boolean {
  return cleanups.length > 0
}

export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) {
      try {
        await withTimeout(cleanup.run(), 20_000, cleanup.label)
      } catch (error) {
        console.error(`  could not ${cleanup.label}: ${messageOf(error)}`)
      }
    }
  })()
  return cleaning
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupted.signal.aborted) {
      // A second Ctrl-C: stop waiting for a polite shutdown.
      for (const child of children) child.kill('SIGKILL')
      process.exit(130)
    }
    interrupted.abort(new Error(`${signal} received`))
    console.error(`\n${signal} received: stopping the servers and removing the bench database…`)
    for (const stop of onInterrupt) stop()
    void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  })
}

export const interruptedSignal = interrupted.signal

export function checkNotInterrupted(): void {
  interrupted.signal.throwIfAborted()
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} took longer than ${ms / 1000} s`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Runs a command with its output on the terminal; resolves with how long it took (ms). */
export function run(command: string, args: string[]): Promise<number> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: rootDir, stdio: 'inherit' })
    children.add(child)
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      children.delete(child)
      if (code === 0) resolve(performance.now() - started)
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`))
    })
  })
}
