import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { rootDir } from '../../src/paths.ts'

export interface ExitStatus {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface RunningProcess {
  child: ChildProcess
  pid: number
  /** Everything it has written to stdout and stderr so far, in the order it arrived. */
  output(): string
  /** The first text matching `pattern`, printed already or still to come; rejects with the output on timeout or exit. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>
  /** How it ended; rejects with the output if it is still running after timeoutMs. */
  waitForExit(timeoutMs?: number): Promise<ExitStatus>
  /** Sends `sig` to it (to its whole process group when started detached). Nothing once it has exited. */
  signal(sig: NodeJS.Signals): void
  /** SIGKILL, as a crash or `kill -9` would, then waits for it to end. */
  kill(): Promise<void>
  /** SIGTERM, as a container stop would, then waits for it to end. */
  stop(): Promise<ExitStatus>
}

const DEFAULT_TIMEOUT_MS = 20_000
// After the exit, output still in the pipes is read for up to this long.
const DRAIN_MS = 1_000

const started = new Set<RunningProcess>()

/**
 * How an entry point is run: with tsx from its source, or, when the tests themselves run compiled
 * (npm test compiles them into .data/test-build, see scripts/run-tests.ts), as the compiled file
 * beside them, which starts in half the time.
 */
function nodeArgs(script: string): string[] {
  if (!import.meta.filename.endsWith('.js')) return ['--import', 'tsx', script]
  const buildRoot = path.resolve(import.meta.dirname, '..', '..')
  return ['--enable-source-maps', path.join(buildRoot, script.replace(/\.ts$/, '.js'))]
}

// A test process that ends without its after() (a crash, a forced exit) still takes them along.
process.on('exit', () => {
  for (const running of started) running.signal('SIGKILL')
})

/**
 * Runs one of the service's own entry points (e.g. 'src/server.ts', 'src/cli/worker.ts') as a
 * real process, as `node --import tsx <script>` from the project root (or its compiled file: nodeArgs). Its environment is PATH
 * and HOME plus `env`, so nothing of the test run (DATABASE_URL, TEST_DATABASE_URL) leaks in
 * unless given. `detached` gives it a process group of its own, as a shell does. Every process
 * started is ended by stopAllProcesses(): call it from after().
 */
export function startProcess(script: string, env: NodeJS.ProcessEnv, options: { detached?: boolean } = {}): RunningProcess {
  const detached = options.detached ?? false
  const merged: Record<string, string> = {}
  for (const [name, value] of Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...env })) {
    if (value !== undefined) merged[name] = value
  }
  const child = spawn(process.execPath, nodeArgs(script), { cwd: rootDir, env: merged, detached, stdio: ['ignore', 'pipe', 'pipe'] })
  const pid = child.pid
  if (pid === undefined) {
    // The reason follows as an 'error' event, which must not go unheard.
    child.once('error', () => {})
    throw new Error(`Could not start ${script}`)
  }

  let text = ''
  let status: ExitStatus | null = null
  const changed = new Set<() => void>()
  const notify = () => {
    for (const listener of [...changed]) listener()
  }
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => {
      text += chunk
      notify()
    })
  }
  const settle = (exit: ExitStatus): void => {
    if (status) return
    status = exit
    started.delete(running)
    notify()
  }
  child.once('exit', (code, signal) => {
    // 'close' comes once the pipes are drained, unless something the process started holds them.
    const drained = setTimeout(() => settle({ code, signal }), DRAIN_MS)
    child.once('close', () => {
      clearTimeout(drained)
      settle({ code, signal })
    })
  })
  // It could not be started at all (there is then no 'exit').
  child.once('error', (error) => {
    text += `\n${error.message}\n`
    settle({ code: null, signal: null })
  })

  /** Resolves when `check` returns a value; rejects with the output on timeout or exit. */
  function waitUntil<T>(check: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = (error: Error | null, value?: T) => {
        clearTimeout(timer)
        changed.delete(listener)
        if (error) reject(error)
        else resolve(value as T)
      }
      const listener = () => {
        const value = check()
        if (value !== undefined) return finish(null, value)
        if (status) finish(new Error(`${script} exited (code ${status.code}, signal ${status.signal}) before ${what}. Output:\n${text}`))
      }
      const timer = setTimeout(() => finish(new Error(`${script}: no ${what} within ${timeoutMs} ms. Output:\n${text}`)), timeoutMs)
      changed.add(listener)
      listener()
    })
  }

  const running: RunningProcess = {
    child,
    pid,
    output: () => text,
    waitForOutput(pattern, timeoutMs = DEFAULT_TIMEOUT_MS) {
      return waitUntil(() => text.match(pattern)?.[0], `output matching ${pattern}`, timeoutMs)
    },
    waitForExit(timeoutMs = DEFAULT_TIMEOUT_MS) {
      return waitUntil(() => status ?? undefined, 'exit', timeoutMs)
    },
    signal(sig) {
      if (status || child.exitCode !== null || child.signalCode !== null) return
      try {
        if (detached) process.kill(-pid, sig)
        else child.kill(sig)
      } catch {
        // Gone already (ESRCH): nothing to signal.
      }
    },
    async kill() {
      running.signal('SIGKILL')
      await running.waitForExit()
    },
    stop() {
      running.signal('SIGTERM')
      return running.waitForExit()
    },
  }
  started.add(running)
  return running
}

/** Ends every process started and not yet ended: SIGTERM, then SIGKILL for any still there after 5 s. */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all(
    [...started].map(async (running) => {
      running.signal('SIGTERM')
      try {
        await running.waitForExit(5_000)
      } catch {
        running.signal('SIGKILL')
        await running.waitForExit(5_000)
      }
    }),
  )
}
