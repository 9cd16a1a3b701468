// Whether an address has an account must not show in how long the answer takes. Each check
// interleaves requests for a known and an unknown address and compares the medians of 30 of
// each, allowing a few milliseconds (more when a loaded machine makes every request slower).
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

function assertAlike({ known, unknown }: { known: number; unknown: number }) {
  const allowed = Math.max(TOLERANCE_MS, TOLERANCE_SHARE * Math.max(known, unknown))
  assert.ok(Math.abs(known - unknown) <= allowed, `median ${known.toFixed(1)} ms for a known address, ${unknown.toFixed(1)} ms for an unknown one`)
}

const t = useTestApp()

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Median milliseconds of POSTing `path` for each address, interleaved, after a warm-up. */
async function medians(path: string, page: string, addresses: { known: string; unknown: string }): Promise<{ known: number; unknown: number }> {
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
  return { known: median(times.known), unknown: median(times.unknown) }
}

it('answers a password reset request as fast for an unknown address as for a known one', async () => {
  const staff = await createStaff(t, ['board-member'])
  assertAlike(await medians('/forgot-password', '/forgot-password', { known: staff.email, unknown: 'nobody@example.org' }))
})

it('answers a request for a sign-in link as fast for an address with no application as for one with', async () => {
  await submitApplication(t, { email: 'ada@example.org' })
  assertAlike(await medians('/my-application', '/my-application', { known: 'ada@example.org', unknown: 'nobody@example.org' }))
})
