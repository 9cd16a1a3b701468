// Every figure the bench reports, with its target and PASS/FAIL (or "report" for a figure that
// is recorded without a target, such as the queue at 100,000 applications).
import fs from 'node:fs'
import path from 'node:path'
import { rootDir } from '../../src/paths.ts'
import type { LoadResult } from './load.ts'
import { benchDir } from './run-state.ts'

export interface Goal {
  /** value must be below (`<`) or at least (`>=`) the limit. */
  op: '<' | '>='
  limit: number
}

export interface Figure {
  group: string
  name: string
  value: number | null
  unit: string
  goal: Goal | null
  pass: boolean | null
  note?: string
}

export const figures: Figure[] = []
/** Every load run in full (status codes, percentiles), for latest.json. */
export const loads: (LoadResult & { name: string })[] = []

export function record(group: string, name: string, value: number | null, unit: string, goal: Goal | null = null, note?: string): Figure {
  const pass = goal === null ? null : value !== null && Number.isFinite(value) && (goal.op === '<' ? value < goal.limit : value >= goal.limit)
  const figure = { group, name, value, unit, goal, pass, ...(note ? { note } : {}) }
  figures.push(figure)
  const shown = value === null || !Number.isFinite(value) ? '–' : formatValue(value, unit)
  const verdict = pass === null ? 'report' : pass ? 'PASS' : 'FAIL'
  console.log(`    ${verdict.padEnd(6)} ${name}: ${shown}${goal ? ` (target ${goal.op} ${formatValue(goal.limit, unit)})` : ''}${note ? `  ${note}` : ''}`)
  return figure
}

/** The usual figures of a load: req/s (against a goal if given), p95, p99, errors. */
export function recordLoad(
  group: string,
  name: string,
  load: LoadResult,
  goals: { perSecond?: Goal; p95Ms?: number; p99Ms?: number; noErrors?: boolean } = {},
): void {
  loads.push({ name, ...load })
  const codes = Object.entries(load.statusCodes).map(([code, count]) => `${code}×${count}`).join(', ')
  console.log(`    ${name}: ${Math.round(load.requestsPerSecond).toLocaleString('en-GB')} req/s, p50 ${load.p50Ms} ms, ${load.requests} requests (${codes || 'none'})`)
  record(group, `${name} req/s`, load.requestsPerSecond, 'req/s', goals.perSecond ?? null)
  record(group, `${name} p95`, load.p95Ms, 'ms', goals.p95Ms === undefined ? null : { op: '<', limit: goals.p95Ms })
  record(group, `${name} p99`, load.p99Ms, 'ms', goals.p99Ms === undefined ? null : { op: '<', limit: goals.p99Ms })
  if (load.cpuMsPerRequest !== undefined) record(group, `${name} server CPU per request`, load.cpuMsPerRequest, 'ms', null, 'user + system time ÷ responses')
  if (goals.noErrors !== false) record(group, `${name} errors and unexpected answers`, load.errors + load.unexpected, '', { op: '<', limit: 1 })
}

function formatValue(value: number, unit: string): string {
  const digits = unit === 'ms' || unit === 's' || unit === 'ratio' ? (Math.abs(value) < 10 ? 2 : 1) : 0
  const text = value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
  return unit && unit !== 'ratio' ? `${text} ${unit}` : text
}

export function summary(): string {
  const judged = figures.filter((figure) => figure.pass !== null)
  const failed = judged.filter((figure) => !figure.pass)
  const lines = [`\n${judged.length - failed.length} of ${judged.length} targets met${failed.length ? '; missed:' : ''}`]
  for (const figure of failed) {
    lines.push(`  FAIL  [${figure.group}] ${figure.name}: ${figure.value === null ? '–' : formatValue(figure.value, figure.unit)} (target ${figure.goal!.op} ${formatValue(figure.goal!.limit, figure.unit)})`)
  }
  return lines.join('\n')
}

export function allPassed(): boolean {
  return figures.every((figure) => figure.pass !== false)
}

export function writeResults(extra: Record<string, unknown>): string {
  const file = path.join(benchDir, 'latest.json')
  fs.writeFileSync(file, `${JSON.stringify({ ...extra, pass: allPassed(), figures, loads }, null, 2)}\n`)
  return path.relative(rootDir, file)
}
