// The public recruitment summary (/about/recruitment): off until an admin opts in; finished rounds
// only, with who applied counted once when each round finished; small numbers hidden. And the
// equality report's finished-years rule, so that neither can be differenced one application at a time.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request from 'supertest'
import { submitForm } from '../helpers/forms.ts'
import { CANARY, useReportApp } from '../helpers/reports.ts'
import { signedInAgent } from '../helpers/staff.ts'

// Public pages are cached for a few seconds in production; here not at all, so each request reads afresh.
const { t, round } = useReportApp({ cacheSeconds: 0 })
const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.database.dataSource.query(sql, params)

/** The summary's table as text, one row a line (each cell after its heading, as a narrow screen shows it). */
async function summaryRows(): Promise<string[]> {
  const page = await request(t.app).get('/about/recruitment').expect(200)
  const body = /<tbody[\s\S]*?<\/tbody>/.exec(page.text)?.[0] ?? ''
  return [...body.matchAll(/<tr[\s\S]*?<\/tr>/g)].map((row) => row[0].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim())
}

async function finish(roundId: string) {
  await query(`UPDATE roles SET status = 'closed' WHERE round_id = $1 AND status = 'open'`, [roundId])
  const manager = await signedInAgent(t.app, t.staff.cora)
  const [{ version }] = (await query<{ version: number }>(`SELECT version FROM recruitment_rounds WHERE id = $1`, [roundId])) as [{ version: number }]
  const response = await submitForm(manager, `/admin/rounds/${roundId}/finish`, { version: String(version) }, { from: '/admin/rounds' })
  assert.equal(response.status, 303)
}

describe('the public recruitment summary', () => {
  it('is not published until an admin turns it on in the settings', async () => {
    await request(t.app).get('/about/recruitment').expect(404)
    assert.doesNotMatch((await request(t.app).get('/privacy').expect(200)).text, /href="\/about\/recruitment"/)
    const admin = await signedInAgent(t.app, t.staff.ada)
    const settings = await admin.get('/admin/settings').expect(200)
    assert.match(settings.text, /Publish the recruitment summary at \/about\/recruitment/)
    const fields = {
      communityName: 'NHS Python Community', contactEmail: 'hello@example.org', quorum: '2', blindReview: 'yes', reminderDays: '7', retentionMonths: '6',
      referencePrefix: 'PYC', nhsEmailDomains: 'nhs.net', websiteUrl: '', slackInviteUrl: '', codeOfConductUrl: '', staffSecondFactorRequired: 'no',
      ssoButtonText: 'Sign in with your NHS account',
    }
    const wrong = await submitForm(admin, '/admin/settings', { ...fields, publishRecruitmentSummary: 'maybe' })
    assert.equal(wrong.status, 400)
    assert.match(wrong.text, /Select on if the recruitment summary should be published/)
    assert.equal((await submitForm(admin, '/admin/settings', { ...fields, publishRecruitmentSummary: 'yes' })).status, 303)
    assert.deepEqual(await query(`SELECT publish_recruitment_summary FROM settings`), [{ publish_recruitment_summary: true }])
    const [audit] = await query<{ note: string }>(`SELECT note FROM audit_events WHERE action = 'settings.updated' ORDER BY id DESC LIMIT 1`)
    assert.match(audit!.note, /publish_recruitment_summary/)
    const page = await request(t.app).get('/about/recruitment').expect(200)
    assert.match(page.text, /<h1>How recruitment is going<\/h1>/)
    assert.match((await request(t.app).get('/privacy').expect(200)).text, /<a [^>]*href="\/about\/recruitment"[^>]*>\s*How recruitment is going/, 'the footer links to it')
    assert.match(page.text, /No recruitment round has finished yet\./, 'open rounds are not shown')
    assert.doesNotMatch(page.text, /Spring 2027|First recruitment round/)
  })

  it('shows finished rounds only, with small numbers hidden, and figures that do not move once finished', async () => {
    await finish(round().roundId)
    // 14 applied; 13 early in their career (the other 1 is too few to show either share); 9 of 14 employed by the NHS.
    assert.deepEqual(await summaryRows(), [`Round Spring 2027 Finished ${dateOfToday()} People who applied 14 Places filled 1 Early in their career Not shown : too few people to show without identifying someone Employed by the NHS 64%`])

    // Erasing an application's answers later changes nothing published.
    await query(`UPDATE applications SET career_stage = NULL, nhs_employed = NULL, erased_at = now() WHERE reference = $1`, [round().references[2]])
    assert.deepEqual(await summaryRows(), [`Round Spring 2027 Finished ${dateOfToday()} People who applied 14 Places filled 1 Early in their career Not shown : too few people to show without identifying someone Employed by the NHS 64%`])

    // The default round: 1 applied, so neither the count nor a share is shown; its one place filled is.
    await finish(round().firstRoundId)
    const rows = await summaryRows()
    assert.equal(rows.length, 2)
    assert.ok(rows.some((row) => row === `Round First recruitment round Finished ${dateOfToday()} People who applied Fewer than 5 Places filled 1 Early in their career Not shown : too few people to show without identifying someone Employed by the NHS Not shown : too few people to show without identifying someone`), rows.join('\n'))

    // A new open round stays off the page.
    await query(`INSERT INTO recruitment_rounds (name) VALUES ('Autumn 2027')`)
    const page = await request(t.app).get('/about/recruitment').expect(200)
    assert.doesNotMatch(page.text, /Autumn 2027/)
    for (const value of Object.values(CANARY)) assert.ok(!page.text.includes(value), `no ${value}`)
  })
})

describe('the equality report', () => {
  it('counts finished years only: this year\u2019s answers wait until it ends', async () => {
    const thisYear = Number(new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone: 'Europe/London' }).format(new Date()))
    for (let i = 0; i < 6; i++) {
      await query(`INSERT INTO equality_responses (submitted_month, answers) VALUES ($1, $2)`, [`${thisYear - 1}-06-01`, JSON.stringify({ sex: 'female' })])
    }
    const admin = await signedInAgent(t.app, t.staff.ada)
    const before = (await admin.get('/admin/equality').expect(200)).text
    assert.match(before, /6 people answered at least one question/)
    assert.match(before, new RegExp(`Answers given in ${thisYear} are added once the year ends`))
    // One more answer this year: no page changes, so it cannot be told apart.
    await query(`INSERT INTO equality_responses (submitted_month, answers) VALUES ($1, $2)`, [`${thisYear}-01-01`, JSON.stringify({ sex: 'male' })])
    const after = (await admin.get('/admin/equality').expect(200)).text
    assert.match(after, /6 people answered at least one question/)
    assert.doesNotMatch(after, new RegExp(`href="/admin/equality\\?year=${thisYear}"`))
    const thisYearPage = (await admin.get(`/admin/equality?year=${thisYear}`).expect(200)).text
    assert.match(thisYearPage, /6 people answered at least one question\./, 'this year is not a period: the page shows all finished years')
  })
})

function dateOfToday(): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(new Date())
}
