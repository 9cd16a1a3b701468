// Whether an address has an account must not show in how long the answer takes. Each check
// makes 30 pairs of requests, one for a known and one for an unknown address, back to back (in
// turns, which goes first), and looks at the median of the differences within pairs: a pause of
// the machine slows both requests of a pair, so it does not count as a difference. It allows a
// few milliseconds (more when a loaded machine makes every request slower). Files named
// *.timing.test.ts run with nothing else running beside them (scripts/run-tests.ts).
import assert from 'node:assert/strict'
import { performance } from 'node:perf_hooks'
import { it } from 'node:test'
import request from 'supertest'
import { useTestApp } from '../helpers/app.ts'
import { csrfTokenFrom } from '../helpers/forms.ts'
import { submitApplication } from '../helpers/review.ts'
import { createStaff } from '../helpers/staff.ts'

const ROUNDS = 30
const TOLERANCE_MS = 5
const TOLERANCE_SHARE = 0.15

function assertAlike({ known, unknown, difference }: Medians) {
  const allowed = Math.max(TOLERANCE_MS, TOLERANCE_SHARE * Math.max(known, unknown))
  assert.ok(
    Math.abs(difference) <= allowed,
    `a known address took ${difference.toFixed(1)} ms longer than an unknown one (medians ${known.toFixed(1)} ms and ${unknown.toFixed(1)} ms)`,
  )
}

interface Medians {
  known: number
  unknown: number
  /** The median of (known - unknown) within each pair. */
  difference: number
}

const t = useTestApp()

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Milliseconds of POSTing `path` for each address, in pairs, after a warm-up. */
async function medians(path: string, page: string, addresses: { known: string; unknown: string }): Promise<Medians> {
  const agent = request.agent(t.app)
  const csrf = csrfTokenFrom(await agent.get(page).expect(200))
  const times = { known: [] as number[], unknown: [] as number[] }
  for (let round = -3; round < ROUNDS; round++) {
    for (const kind of round % 2 ? (['known', 'unknown'] as const) : (['unknown', 'known'] as const)) {
      // The rate limits would otherwise answer instead (they are tested on their own).
      await t.database.dataSource.query(`DELETE FROM rate_limit_hits`)
      const started = performance.now()
      await agent.post(path).type('form').send({ _csrf: csrf, email: addresses[kind] }).expect(303)
      if (round >= 0) times[kind].push(performance.now() - started)
    }
  }
  return {
    known: median(times.known),
    unknown: median(times.unknown),
    difference: median(times.known.map((known, pair) => known - times.unknown[pair]!)),
  }
}

it('answers a password reset request as fast for an unknown address as for a known one', async () => {
  const staff = await createStaff(t, ['board-member'])
  assertAlike(await medians('/forgot-password', '/forgot-password', { known: staff.email, unknown: 'nobody@example.org' }))
})

it('answers a request for a sign-in link as fast for an address with no application as for one with', async () => {
  await submitApplication(t, { email: 'ada@example.org' })
  assertAlike(await medians('/my-application', '/my-application', { known: 'ada@example.org', unknown: 'nobody@example.org' }))
})
