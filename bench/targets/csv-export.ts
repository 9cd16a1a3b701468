// Target 4: the CSV export of the queue streams: 10,000 applications in under 2 s, and the app's
// memory does not grow with the rows (checked again at 100,000).
import { BEHIND_HTTPS_PROXY, type BenchContext } from '../lib/app-client.ts'
import { record } from '../lib/figures.ts'
import { peakRssDuring } from '../lib/processes.ts'
import { options } from '../lib/run-state.ts'

const GROUP = 'CSV export'
const SECONDS = 2
/** Peak RSS rise allowed while exporting: a buffered export of 100,000 rows needs several times this. */
const RSS_RISE_MB = 40

/** Downloads the export once, counting its lines as they arrive (nothing kept). */
async function download(context: BenchContext): Promise<{ seconds: number; lines: number; bytes: number }> {
  const started = performance.now()
  const response = await fetch(`${context.app.baseUrl}/review/export.csv`, { headers: { ...BEHIND_HTTPS_PROXY, Cookie: context.boardMemberCookie! } })
  if (response.status !== 200 || !response.body) throw new Error(`GET /review/export.csv answered ${response.status}`)
  let lines = 0
  let bytes = 0
  for await (const chunk of response.body) {
    bytes += chunk.length
    for (const byte of chunk) if (byte === 10) lines += 1
  }
  return { seconds: (performance.now() - started) / 1000, lines, bytes }
}

export async function csvExport(context: BenchContext, applications: number, { timed }: { timed: boolean }): Promise<void> {
  const label = applications.toLocaleString('en-GB')
  // Once to warm up, then the slowest of the measured runs.
  await download(context)
  let slowest = 0
  let peakRiseMb = 0
  let lines = 0
  for (let i = 0; i < (options.quick ? 2 : 4); i += 1) {
    const { result, peakMb, beforeMb } = await peakRssDuring(context.app.child.pid, () => download(context))
    slowest = Math.max(slowest, result.seconds)
    lines = result.lines
    if (peakMb !== null && beforeMb !== null) peakRiseMb = Math.max(peakRiseMb, peakMb - beforeMb)
  }
  // A header line, then one line per application (with a line break at the end).
  record(GROUP, `rows exported of ${label}`, lines - 1, '', { op: '>=', limit: applications })
  record(GROUP, `${label} applications, slowest of the runs`, slowest, 's', timed ? { op: '<', limit: SECONDS } : null)
  record(GROUP, `app RSS rise while exporting ${label}`, peakRiseMb, 'MB', timed ? null : { op: '<', limit: RSS_RISE_MB })
}
