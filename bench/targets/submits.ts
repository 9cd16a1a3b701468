// Target 3: full application submits (CSRF, validation, the transaction with role choices,
// equality answers, audit row and outbox) from distinct applicants, and the outbox drained by the
// app's one worker to a real SMTP sink, with the pick-up latency of every email.
import fs from 'node:fs'
import os from 'node:os'
import { createToken } from '../../src/services/tokens.ts'
import { messageIdFor } from '../../src/jobs/send-email.task.ts'
import { BEHIND_HTTPS_PROXY, cookiesOf, type BenchContext } from '../lib/app-client.ts'
import { withClient } from '../lib/database.ts'
import { record, recordLoad } from '../lib/figures.ts'
import { loadEach, percentile, sentCount, type PreparedRequest } from '../lib/load.ts'
import type { SmtpSink } from '../lib/smtp-sink.ts'
import { checkNotInterrupted, options, sleep } from '../lib/run-state.ts'

const GROUP = 'submits'
const PER_SECOND = 300
const P99_MS = 100
const PICK_UP_P95_MS = 1_000
/** Applicants prepared per second of load: more than the app can take, so the load never runs dry. */
const APPLICANTS_PER_SECOND = 700
export const MAIL_FROM = 'NHS Python Community <no-reply@bench.example.org>'

/** One application, page by page, as tests/helpers/apply-journey.ts fills it in. */
const ANSWERS: [string, Record<string, string | string[]>][] = [
  ['roles', { roles: ['web-developer', 'content-manager'] }],
  ['role-order', { 'rank-web-developer': '1', 'rank-content-manager': '2' }],
  ['name', { fullName: 'Bench Applicant' }],
  ['email', { email: 'bench-applicant@example.org' }],
  ['phone', { phone: '07700 900982' }],
  ['nhs-employment', { nhsEmployed: 'yes', organisation: 'Barts Health NHS Trust', jobTitle: 'Apprentice data analyst' }],
  ['career-stage', { careerStage: 'apprentice' }],
  ['hours', { hours: 'yes' }],
  ['motivation', { motivation: 'I would love to help the community grow and learn HTML and CSS along the way.' }],
  ['skills', { skills: ['HTML/CSS', 'GitHub'], skillsOther: 'A short course in Python' }],
  ['questions/web-developer', { 'question-web-experience': 'My own site on GitHub Pages.' }],
  ['questions/content-manager', { 'question-content-example': '' }],
  ['heard-about', { heardAbout: 'Slack' }],
  ['consent', { consent: 'yes' }],
  ['equality', { 'equality-age': 'under-25', 'equality-sex': 'prefer-not-to-say' }],
]

/**
 * CPU time (user + system, ms) so far of these processes, from /proc (Linux; null elsewhere, or
 * once a process has gone). Busy time, unlike req/s, does not change with what else the machine
 * is running.
 */
function cpuMs(pids: number[]): number | null {
  const ticksPerSecond = 100 // USER_HZ, 100 on every Linux the bench runs on
  let total = 0
  for (const pid of pids) {
    try {
      // The fields after the command name (which may hold spaces), from field 3 on: utime is 14, stime 15.
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)!.split(' ')
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond
    } catch {
      return null
    }
  }
  return total
}

/** The PostgreSQL server processes of the bench database's sessions, when the server runs on this machine. */
async function backendPids(databaseUrl: string): Promise<number[]> {
  const host = new URL(databaseUrl).hostname
  if (!['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(host) || os.platform() !== 'linux') return []
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
    return rows.map((row) => row.pid)
  })
}

/** A browser's cookies for the app. */
class Browser {
  readonly cookies = new Map<string, string>()
  constructor(private readonly baseUrl: string) {}
  async request(path: string, init: { method?: string; form?: Record<string, string | string[]> } = {}): Promise<{ status: number; body: string }> {
    const body = new URLSearchParams()
    for (const [name, value] of Object.entries(init.form ?? {})) for (const one of [value].flat()) body.append(name, one)
    const response = await fetch(this.baseUrl + path, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...BEHIND_HTTPS_PROXY,
        Cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(init.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: body.toString() } : {}),
    })
    for (const [name, value] of cookiesOf(response)) this.cookies.set(name, value)
    return { status: response.status, body: await response.text() }
  }
  async send(path: string, fields: Record<string, string | string[]>): Promise<void> {
    const page = await this.request(path)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
    if (!csrf) throw new Error(`GET ${path} answered ${page.status} with no form`)
    const sent = await this.request(path, { method: 'POST', form: { ...fields, _csrf: csrf } })
    if (sent.status !== 303) throw new Error(`POST ${path} answered ${sent.status}`)
  }
}

export async function submits(context: BenchContext, sink: SmtpSink): Promise<void> {
  // One real draft, filled in through the forms, then copied for each applicant (a new draft key,
  // form id and email address), as thousands of browsers would have left them.
  const browser = new Browser(context.app.baseUrl)
  await browser.request('/apply?role=web-developer')
  for (const [step, fields] of ANSWERS) await browser.send(`/apply/${step}`, fields)
  // __Host- prefixed when the app's BASE_URL is https.
  const draftCookieName = [...browser.cookies.keys()].find((name) => /^(__Host-)?draft$/.test(name))
  if (!draftCookieName) throw new Error('Filling in the forms gave no draft cookie')
  const count = APPLICANTS_PER_SECOND * (options.warmupSeconds + options.durationSeconds)
  const keys = Array.from({ length: count }, () => createToken())
  const copied = await withClient(context.databaseUrl, (client) =>
    client.query(
      `INSERT INTO application_drafts (form_id, key_hash, answers, pages_done, expires_at, updated_at)
       SELECT gen_random_uuid(), key.hash, jsonb_set(d.answers, '{email}', to_jsonb('bench-applicant-' || key.n || '@example.org')),
              d.pages_done, d.expires_at, d.updated_at
       FROM (SELECT * FROM application_drafts WHERE answers->>'email' = 'bench-applicant@example.org' LIMIT 1) AS d
       CROSS JOIN unnest($1::text[]) WITH ORDINALITY AS key(hash, n)`,
      [keys.map((key) => key.hash)],
    ),
  )
  if (copied.rowCount !== count) throw new Error('The draft filled in through the forms was not found to copy')
  // Each applicant's browser opens Check your answers (which gives its CSRF token) before sending.
  const requests: PreparedRequest[] = new Array(count)
  let next = 0
  const open = async () => {
    for (let i = next++; i < count; i = next++) {
      checkNotInterrupted()
      const forwardedFor = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`
      const draftCookie = `${draftCookieName}=${keys[i]!.token}`
      const page = await fetch(`${context.app.baseUrl}/apply/check`, { headers: { ...BEHIND_HTTPS_PROXY, 'X-Forwarded-For': forwardedFor, Cookie: draftCookie } })
      const html = await page.text()
      const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1]
      const csrfCookie = [...cookiesOf(page)].find(([name]) => /^(__Host-)?csrf$/.test(name))
      if (page.status !== 200 || !csrf || !csrfCookie) throw new Error(`GET /apply/check for a copied draft answered ${page.status} (CSRF token ${csrf ? 'found' : 'missing'}, cookies ${[...cookiesOf(page).keys()].join(', ') || 'none'}, title ${/<title>([^<]*)/.exec(html)?.[1] ?? 'none'})`)
      const formId = /name="formId" value="([^"]+)"/.exec(html)?.[1]
      requests[i] = {
        method: 'POST',
        path: '/apply/check',
        headers: {
          ...BEHIND_HTTPS_PROXY,
          'X-Forwarded-For': forwardedFor,
          Cookie: `${draftCookie}; ${csrfCookie[0]}=${csrfCookie[1]}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ _csrf: csrf, ...(formId ? { formId } : {}) }).toString(),
      }
    }
  }
  await Promise.all(Array.from({ length: options.connections }, open))

  // A refused submit answers 200 (the form again), a sent one 303 to the confirmation.
  const warm = options.warmupSeconds > 0 ? await loadEach(context.app.baseUrl, requests, options.warmupSeconds, 303) : null
  const measured = requests.slice(warm ? sentCount(warm) : 0)
  const appPid = context.app.child.pid!
  const databasePids = await backendPids(context.databaseUrl)
  const [appCpuBefore, databaseCpuBefore, benchCpuBefore] = [cpuMs([appPid]), cpuMs(databasePids), process.cpuUsage()]
  const loadStartedAt = Date.now()
  const load = await loadEach(context.app.baseUrl, measured, options.durationSeconds, 303)
  const loadEndedAt = Date.now()
  const benchCpu = process.cpuUsage(benchCpuBefore)
  const [appCpuAfter, databaseCpuAfter] = [cpuMs([appPid]), cpuMs(databasePids)]
  recordLoad(GROUP, 'POST /apply/check', load, { perSecond: { op: '>=', limit: PER_SECOND }, p99Ms: P99_MS })
  const sent = Math.max(1, load.requests)
  const perSubmit = (before: number | null, after: number | null) => (before === null || after === null ? null : (after - before) / sent)
  record(GROUP, 'app CPU per submit, its worker included', perSubmit(appCpuBefore, appCpuAfter), 'ms', null, `load average ${os.loadavg()[0]!.toFixed(1)}`)
  record(GROUP, 'PostgreSQL CPU per submit', perSubmit(databaseCpuBefore, databaseCpuAfter), 'ms', null, `${databasePids.length} server processes of the bench database`)
  record(GROUP, 'bench process CPU per submit (load client and SMTP sink)', (benchCpu.user + benchCpu.system) / 1000 / sent, 'ms')
  record(GROUP, 'prepared applicants left unused', measured.length - sentCount(load), '', null, '0: the load ran dry before its time was up')

  // Every email queued during the measured load, and when the sink was handed it.
  const emails = await withClient(context.databaseUrl, async (client) => {
    const drainDeadline = Date.now() + 60_000
    let left = Infinity
    while (left > 0 && Date.now() < drainDeadline) {
      left = (await client.query<{ left: number }>(`SELECT count(*)::int AS "left" FROM email_messages WHERE status IN ('queued', 'sending')`)).rows[0]!.left
      if (left > 0) await sleep(200)
    }
    const { rows } = await client.query<{ key: string; created_ms: string }>(
      `SELECT key, (extract(epoch FROM created_at) * 1000)::bigint AS created_ms FROM email_messages WHERE created_at >= to_timestamp($1 / 1000.0)`,
      [loadStartedAt],
    )
    return rows
  })
  const latencies = emails.flatMap(({ key, created_ms }) => {
    const handedOver = sink.received.get(messageIdFor(key, MAIL_FROM))
    return handedOver === undefined ? [] : [handedOver - Number(created_ms)]
  })
  const lastHandedOver = Math.max(...emails.map(({ key }) => sink.received.get(messageIdFor(key, MAIL_FROM)) ?? 0))
  record(GROUP, 'emails queued during the load', emails.length, '', null, `${(emails.length / ((loadEndedAt - loadStartedAt) / 1000)).toFixed(0)} a second`)
  record(GROUP, 'emails not handed to SMTP within 60 s', emails.length - latencies.length, '', { op: '<', limit: 1 })
  record(GROUP, 'outbox drain rate', latencies.length / ((lastHandedOver - loadStartedAt) / 1000), 'emails/s', null, 'first queued to last handed over')
  record(GROUP, 'pick-up latency p50, queued to handed to SMTP', percentile(latencies, 50), 'ms')
  record(GROUP, 'pick-up latency p95, queued to handed to SMTP', percentile(latencies, 95), 'ms', { op: '<', limit: PICK_UP_P95_MS })
  record(GROUP, 'pick-up latency p99, queued to handed to SMTP', percentile(latencies, 99), 'ms')
}
