// The vote in a board election: electors loaded from a CSV (every row checked, nothing added
// until confirmed, nothing half-added) or from the board; one-time ballot links by email; a
// secret ballot, one per elector even under a race; and the count.
import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import request from 'supertest'
import type { JobHelpers } from 'graphile-worker'
import { castBallot } from '../../src/actions/board/elections/cast-ballot.ts'
import { createPurgeExpiredTask } from '../../src/jobs/purge-expired.task.ts'
import { createLogger } from '../../src/logger.ts'
import { countScottishStv } from '../../src/domain/count-scottish-stv.ts'
import { tieBreaker } from '../../src/domain/count-tie-break.ts'
import { SYSTEM } from '../../src/services/audit.ts'
import { useTestApp } from '../helpers/app.ts'
import { nominate, openRound, publishNomination, votingRound } from '../helpers/board-elections.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { databaseFingerprint, fingerprintChanges } from '../helpers/review.ts'
import { signedInAgent } from '../helpers/staff.ts'

const t = useTestApp({
  staff: {
    bea: { name: 'Bea Board', roles: ['board-member'] },
    ben: { name: 'Ben Board', roles: ['board-member'] },
    ada: { name: 'Ada Admin', roles: ['admin'] },
  },
})
const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.database.dataSource.query(sql, params)
type Agent = ReturnType<typeof request.agent>

const agentFor = (user: { email: string }) => signedInAgent(t.app, user)

/** Uploads a CSV as a browser would: the electors page's token, then a multipart POST. */
async function upload(agent: Agent, path: string, csv: string | Buffer) {
  const page = await agent.get(`${path}/electors`)
  return agent.post(`${path}/electors/upload`).field('_csrf', csrfTokenFrom(page)).attach('electors', Buffer.isBuffer(csv) ? csv : Buffer.from(csv), { filename: 'electors.csv', contentType: 'text/csv' })
}

beforeEach(async () => {
  await query(`DELETE FROM rate_limit_hits`)
})

describe('electors', () => {
  it('from a CSV: every bad row is reported with its line number, and nothing is added', async () => {
    const round = await openRound(t, t.staff.ada.id)
    const admin = await agentFor(t.staff.ada)
    const bad = await upload(admin, round.path, 'email\nada@example.org\nnot-an-address\n\nbob@example.org\nADA@example.org\n,other column\n')
    assert.equal(bad.status, 400)
    assert.match(bad.text, /<title>Error: Electors: /)
    assert.match(bad.text, /Line 3: “not-an-address” is not an email address/)
    assert.match(bad.text, /Line 6: ada@example.org is also on line 2/)
    assert.match(bad.text, /Line 7 has no email address in the email column/)
    assert.match(bad.text, /The file has 3 rows with a problem: correct them and upload the file again\. Nothing has been added\./)
    assert.deepEqual(await query(`SELECT 1 FROM board_electors WHERE round_id = $1`, [round.id]), [])
    assert.deepEqual(await query(`SELECT 1 FROM board_elector_uploads`), [])

    for (const [file, message] of [
      ['', 'Select a CSV file of electors’ email addresses'],
      ['email\n', 'The file has no email addresses in it'],
      ['"unclosed\n', 'The file must be a CSV file: one email address a row'],
    ] as const) {
      const response = await upload(admin, round.path, file)
      assert.equal(response.status, 400, message)
      assert.ok(response.text.includes(message), message)
    }
    const tooBig = await upload(admin, round.path, Buffer.alloc(1024 * 1024 + 10, 'a'))
    assert.equal(tooBig.status, 400)
    assert.match(tooBig.text, /The file must be smaller than 1 MB/)
  })

  it('from a good CSV: shown for checking, added only when confirmed, all at once', async () => {
    const round = await openRound(t, t.staff.ada.id)
    const admin = await agentFor(t.staff.ada)
    const staged = await upload(admin, round.path, 'Ada@Example.org\ncarl@example.org\r\ndee@example.org\n')
    assert.equal(staged.status, 303)
    const preview = await admin.get(String(staged.headers.location)).expect(200)
    assert.match(preview.text, /Addresses in the file[\s\S]*3[\s\S]*To be added[\s\S]*3/)
    assert.match(preview.text, /ada@example\.org/)
    assert.deepEqual(await query(`SELECT 1 FROM board_electors WHERE round_id = $1`, [round.id]), [], 'nothing until confirmed')
    // Another admin cannot see or confirm it.
    await (await agentFor(await t.services.staff.create({ email: 'alan.admin@example.org', name: 'Alan Admin', roles: ['admin'], password: 'correct horse battery staple' }, null))).get(String(staged.headers.location)).expect(404)

    assert.equal((await submitForm(admin, String(staged.headers.location), {})).status, 303)
    assert.deepEqual((await query<{ email: string }>(`SELECT email FROM board_electors WHERE round_id = $1 ORDER BY email`, [round.id])).map((row) => row.email), ['ada@example.org', 'carl@example.org', 'dee@example.org'])
    await admin.get(String(staged.headers.location)).expect(404)

    // A second file: those already listed are counted, not added twice; discarding adds nobody.
    const again = await upload(admin, round.path, 'ada@example.org\neve@example.org\n')
    assert.match((await admin.get(String(again.headers.location)).expect(200)).text, /Already electors[\s\S]*1/)
    assert.equal((await submitForm(admin, `${String(again.headers.location)}/discard`, {}, { from: String(again.headers.location) })).status, 303)
    assert.equal((await query(`SELECT 1 FROM board_electors WHERE round_id = $1`, [round.id])).length, 3)

    // The current board, optionally.
    assert.equal((await submitForm(admin, `${round.path}/electors/board`, {}, { from: `${round.path}/electors` })).status, 303)
    const sources = await query<{ source: string; n: number }>(`SELECT source, count(*)::int AS n FROM board_electors WHERE round_id = $1 GROUP BY source ORDER BY source`, [round.id])
    assert.deepEqual(sources, [{ source: 'board', n: 2 }, { source: 'upload', n: 3 }])
  })

  it('waiting to be confirmed are forgotten by the daily clean-up after a day', async () => {
    const round = await openRound(t, t.staff.ada.id)
    const admin = await agentFor(t.staff.ada)
    await upload(admin, round.path, 'old@example.org\n')
    await upload(await agentFor(await t.services.staff.create({ email: 'ann.admin@example.org', name: 'Ann Admin', roles: ['admin'], password: 'correct horse battery staple' }, null)), round.path, 'new@example.org\n')
    await query(`UPDATE board_elector_uploads SET created_at = now() - interval '25 hours' WHERE 'old@example.org' = ANY(emails)`)
    await createPurgeExpiredTask(t.database.dataSource, createLogger('silent'))({}, {} as JobHelpers)
    assert.deepEqual((await query<{ emails: string[] }>(`SELECT emails FROM board_elector_uploads WHERE round_id = $1`, [round.id])).map((row) => row.emails), [['new@example.org']])
  })

  it('can be taken off one by one, after a page that asks, until voting opens', async () => {
    const round = await openRound(t, t.staff.ada.id)
    const admin = await agentFor(t.staff.ada)
    await submitForm(admin, String((await upload(admin, round.path, 'keep@example.org\ngone@example.org\n')).headers.location), {})
    const [gone] = await query<{ id: string }>(`SELECT id FROM board_electors WHERE round_id = $1 AND email = 'gone@example.org'`, [round.id])
    const list = await admin.get(`${round.path}/electors`).expect(200)
    assert.match(list.text, new RegExp(`href="${round.path}/electors/${gone!.id}/remove">Remove<span class="nhsuk-u-visually-hidden"> gone@example\\.org</span>`))

    // The page asks first, and changes nothing.
    const ask = await admin.get(`${round.path}/electors/${gone!.id}/remove`).expect(200)
    assert.match(ask.text, /<h1>Remove this elector\?<\/h1>/)
    assert.match(ask.text, /gone@example\.org/)
    assert.equal((await query(`SELECT 1 FROM board_electors WHERE round_id = $1`, [round.id])).length, 2)

    const removed = await admin.post(`${round.path}/electors/${gone!.id}/remove`).type('form').send({ _csrf: csrfTokenFrom(ask) })
    assert.equal(removed.status, 303)
    assert.equal(removed.headers.location, `${round.path}/electors`)
    assert.match((await admin.get(`${round.path}/electors`)).text, /The elector has been removed/)
    assert.deepEqual((await query<{ email: string }>(`SELECT email FROM board_electors WHERE round_id = $1`, [round.id])).map((row) => row.email), ['keep@example.org'])
    const audits = await query<{ note: string }>(`SELECT note FROM audit_events WHERE action = 'board-election.elector-removed' AND subject_id = $1`, [round.id])
    assert.deepEqual(audits, [{ note: '1 elector' }], 'audited, without the address')

    // A second click removes nothing more; the page for an elector gone is not found.
    const twice = await admin.post(`${round.path}/electors/${gone!.id}/remove`).type('form').send({ _csrf: csrfTokenFrom(ask) })
    assert.equal(twice.status, 303)
    assert.match((await admin.get(`${round.path}/electors`)).text, /That elector is no longer on the list/)
    assert.equal((await query(`SELECT 1 FROM audit_events WHERE action = 'board-election.elector-removed' AND subject_id = $1`, [round.id])).length, 1)
    await admin.get(`${round.path}/electors/${gone!.id}/remove`).expect(404)
    // An elector of another round is not found through this one.
    const other = await openRound(t, t.staff.ada.id)
    await submitForm(admin, String((await upload(admin, other.path, 'other@example.org\n')).headers.location), {})
    const [elsewhere] = await query<{ id: string }>(`SELECT id FROM board_electors WHERE round_id = $1`, [other.id])
    await admin.get(`${round.path}/electors/${elsewhere!.id}/remove`).expect(404)
    // Board members cannot.
    await (await agentFor(t.staff.bea)).get(`${round.path}/electors/${elsewhere!.id}/remove`).expect(403)
  })

  it('cannot be taken off once voting opens, whether or not they have voted', async () => {
    const { round, candidateIds, tokens } = await votingRound(t, t.staff.ada.id, { candidates: ['Grace Hopper'], electors: ['voter@example.org', 'waiting@example.org'] })
    await t.services.act(castBallot, { roundId: round.id, token: tokens['voter@example.org']!, choices: [candidateIds['Grace Hopper']!] }, SYSTEM)
    const admin = await agentFor(t.staff.ada)
    const list = await admin.get(`${round.path}/electors`).expect(200)
    assert.doesNotMatch(list.text, /\/remove"/)
    for (const email of ['voter@example.org', 'waiting@example.org']) {
      const [row] = await query<{ id: string }>(`SELECT id FROM board_electors WHERE round_id = $1 AND email = $2`, [round.id, email])
      assert.match((await admin.get(`${round.path}/electors/${row!.id}/remove`).expect(409)).text, /the electors can no longer change/)
      const refused = await admin.post(`${round.path}/electors/${row!.id}/remove`).type('form').send({ _csrf: csrfTokenFrom(list) })
      assert.equal(refused.status, 409)
    }
    // The electors and the votes still add up.
    assert.deepEqual(await query(`SELECT count(*)::int AS electors, count(*) FILTER (WHERE voted)::int AS voted FROM board_electors WHERE round_id = $1`, [round.id]), [{ electors: 2, voted: 1 }])
    assert.deepEqual(await query(`SELECT count(*)::int AS ballots FROM board_ballots WHERE round_id = $1`, [round.id]), [{ ballots: 1 }])
  })

  it('are fixed once voting opens', async () => {
    const { round } = await votingRound(t, t.staff.ada.id, { candidates: ['Grace Hopper'], electors: ['x1@example.org'] })
    const admin = await agentFor(t.staff.ada)
    const refused = await upload(admin, round.path, 'late@example.org\n')
    assert.equal(refused.status, 409)
    assert.match(refused.text, /the electors can no longer change/)
    assert.deepEqual(await query(`SELECT 1 FROM board_electors WHERE email = 'late@example.org'`), [])
  })
})

describe('opening voting', () => {
  it('needs candidates and electors, then emails each elector a one-time link, kept only as a hash', async () => {
    const round = await openRound(t, t.staff.ada.id)
    const admin = await agentFor(t.staff.ada)
    const noCandidates = await submitForm(admin, `${round.path}/open-voting`, { version: '2' }, { from: `${round.path}/manage` })
    assert.equal(noCandidates.status, 409)
    assert.match(noCandidates.text, /Publish at least one candidate before voting opens/)
    await nominate(request.agent(t.app), round, { fullName: 'Grace Hopper', email: 'grace@example.org', statement: 'Hello.' })
    await publishNomination(t, t.staff.ada.id, round, 'grace@example.org')
    const noElectors = await submitForm(admin, `${round.path}/open-voting`, { version: '2' }, { from: `${round.path}/manage` })
    assert.match(noElectors.text, /Add the electors before voting opens/)
    await upload(admin, round.path, 'v1@example.org\nv2@example.org\n').then((response) => submitForm(admin, String(response.headers.location), {}))
    assert.equal((await submitForm(admin, `${round.path}/open-voting`, { version: '2' }, { from: `${round.path}/manage` })).status, 303)

    const emails = await query<{ recipient: string; text_body: string }>(`SELECT recipient, text_body FROM email_messages WHERE template = 'board-ballot' AND key LIKE $1 ORDER BY recipient`, [`board-ballot:${round.id}:%`])
    assert.deepEqual(emails.map((row) => row.recipient), ['v1@example.org', 'v2@example.org'])
    for (const email of emails) assert.match(email.text_body, /\/ballot\/\[one-time-link-1\]/, 'the stored email has no link in clear')
    const electors = await query<{ token_hash: string; expires: string }>(
      `SELECT token_hash, (link_expires_at AT TIME ZONE 'Europe/London')::text AS expires FROM board_electors WHERE round_id = $1`,
      [round.id],
    )
    const [closes] = await query<{ d: string }>(`SELECT (voting_closes_on + 1)::text AS d FROM board_election_rounds WHERE id = $1`, [round.id])
    for (const elector of electors) {
      assert.match(elector.token_hash, /^[0-9a-f]{64}$/)
      assert.equal(elector.expires, `${closes!.d} 00:00:00`, 'works until the end of the day voting closes')
    }
  })
})

describe('ballot links', () => {
  it('show the ballot without using anything up; a tampered, used, expired or closed link is refused', async () => {
    const { round, tokens } = await votingRound(t, t.staff.ada.id, { candidates: ['Grace Hopper', 'Alan Turing'], electors: ['a@example.org', 'b@example.org', 'c@example.org'] })
    const visitor = request.agent(t.app)
    const path = `${round.path}/ballot/${tokens['a@example.org']}`
    const before = await databaseFingerprint(t.database.dataSource)
    for (let n = 0; n < 3; n += 1) assert.match((await visitor.get(path).expect(200)).text, /Which candidates do you approve of\?/)
    assert.deepEqual(fingerprintChanges(before, await databaseFingerprint(t.database.dataSource)), [], 'GET changes nothing')

    const tampered = tokens['a@example.org']!.slice(0, -1) + (tokens['a@example.org']!.endsWith('A') ? 'B' : 'A')
    await visitor.get(`${round.path}/ballot/${tampered}`).expect(410)
    await visitor.get(`${round.path}/ballot/not-a-token`).expect(410)
    // Another round's address with this link: not this round's elector.
    const other = await openRound(t, t.staff.ada.id)
    await query(`UPDATE board_election_rounds SET status = 'voting' WHERE id = $1`, [other.id])
    await visitor.get(`${other.path}/ballot/${tokens['a@example.org']}`).expect(410)

    // Used.
    const grace = (await query<{ id: string }>(`SELECT id FROM board_nominations WHERE round_id = $1 AND full_name = 'Grace Hopper'`, [round.id]))[0]!.id
    await t.services.act(castBallot, { roundId: round.id, token: tokens['a@example.org']!, choices: [grace] }, SYSTEM)
    const used = await visitor.get(path).expect(409)
    assert.match(used.text, /You have already voted/)
    // Expired.
    await query(`UPDATE board_electors SET link_expires_at = now() - interval '1 second' WHERE email = 'b@example.org' AND round_id = $1`, [round.id])
    await visitor.get(`${round.path}/ballot/${tokens['b@example.org']}`).expect(410)
    await assert.rejects(t.services.act(castBallot, { roundId: round.id, token: tokens['b@example.org']!, choices: [grace] }, SYSTEM), /cannot be used/)
    // Voting closed by the date.
    await query(`UPDATE board_election_rounds SET voting_opens_on = current_date - 5, voting_closes_on = current_date - 1, nominations_open_on = current_date - 9, nominations_close_on = current_date - 8 WHERE id = $1`, [round.id])
    await visitor.get(`${round.path}/ballot/${tokens['c@example.org']}`).expect(410)
    assert.equal((await query(`SELECT 1 FROM board_ballots WHERE round_id = $1`, [round.id])).length, 1)
  })

  it('take an approval vote: check it, cast it, once', async () => {
    const { round, candidateIds, tokens } = await votingRound(t, t.staff.ada.id, { candidates: ['Grace Hopper', 'Alan Turing', 'Ada Lovelace'], electors: ['v@example.org'] })
    const visitor = request.agent(t.app)
    const path = `${round.path}/ballot/${tokens['v@example.org']}`
    const none = await submitForm(visitor, path, {})
    assert.equal(none.status, 400)
    assert.match(none.text, /<title>Error: Your ballot: /)
    assert.match(none.text, /Select at least one candidate you approve of/)
    const check = await submitForm(visitor, path, { approved: [candidateIds['Grace Hopper']!, candidateIds['Ada Lovelace']!] })
    assert.equal(check.status, 200)
    assert.match(check.text, /Check your vote[\s\S]*<li>Ada Lovelace<\/li>\s*<li>Grace Hopper<\/li>/)
    assert.deepEqual(await query(`SELECT 1 FROM board_ballots WHERE round_id = $1`, [round.id]), [], 'checking casts nothing')
    const cast = await visitor.post(`${path}/cast`).type('form').send(`_csrf=${encodeURIComponent(csrfTokenFrom(check))}&choice=${candidateIds['Grace Hopper']}&choice=${candidateIds['Ada Lovelace']}`)
    assert.equal(cast.status, 303)
    assert.equal(cast.headers.location, `${round.path}/voted`)
    assert.match((await visitor.get(String(cast.headers.location)).expect(200)).text, /Your vote has been recorded/)
    const [ballot] = await query<{ choices: string[] }>(`SELECT choices FROM board_ballots WHERE round_id = $1`, [round.id])
    assert.deepEqual([...ballot!.choices].sort(), [candidateIds['Grace Hopper'], candidateIds['Ada Lovelace']].sort())
    assert.deepEqual(await query(`SELECT voted, token_hash IS NOT NULL AS has_link FROM board_electors WHERE round_id = $1`, [round.id]), [{ voted: true, has_link: true }])
    const replay = await visitor.post(`${path}/cast`).type('form').send(`_csrf=${encodeURIComponent(csrfTokenFrom(check))}&choice=${candidateIds['Alan Turing']}`)
    assert.equal(replay.status, 409)
    assert.equal((await query(`SELECT 1 FROM board_ballots WHERE round_id = $1`, [round.id])).length, 1)
  })

  it('take a ranked vote for STV, numbered 1, 2, 3 without gaps or repeats', async () => {
    const { round, candidateIds, tokens } = await votingRound(t, t.staff.ada.id, { method: 'stv', candidates: ['Grace Hopper', 'Alan Turing', 'Ada Lovelace'], electors: ['r@example.org'] })
    const visitor = request.agent(t.app)
    const path = `${round.path}/ballot/${tokens['r@example.org']}`
    const rank = (grace: string, alan: string, ada: string) => ({ [`rank-${candidateIds['Grace Hopper']}`]: grace, [`rank-${candidateIds['Alan Turing']}`]: alan, [`rank-${candidateIds['Ada Lovelace']}`]: ada })
    for (const [fields, message] of [
      [rank('', '', ''), 'Number at least one candidate: 1 for your first choice'],
      [rank('1', '1', ''), 'Number your choices 1 to 2, using each number once, with no gaps'],
      [rank('1', '3', ''), 'Number your choices 1 to 2, using each number once, with no gaps'],
      [rank('first', '', ''), 'Use whole numbers only, like 1, 2 and 3'],
    ] as const) {
      const response = await submitForm(visitor, path, fields)
      assert.equal(response.status, 400, message)
      assert.ok(response.text.includes(message), message)
    }
    const check = await submitForm(visitor, path, rank('2', '', '1'))
    assert.match(check.text, /<ol>\s*<li>Ada Lovelace<\/li>\s*<li>Grace Hopper<\/li>\s*<\/ol>/)
    const cast = await visitor.post(`${path}/cast`).type('form').send(`_csrf=${encodeURIComponent(csrfTokenFrom(check))}&choice=${candidateIds['Ada Lovelace']}&choice=${candidateIds['Grace Hopper']}`)
    assert.equal(cast.status, 303)
    assert.deepEqual((await query<{ choices: string[] }>(`SELECT choices FROM board_ballots WHERE round_id = $1`, [round.id]))[0]!.choices, [candidateIds['Ada Lovelace'], candidateIds['Grace Hopper']])
  })

  it('give one vote per elector, however many requests race with the same link', async () => {
    const { round, candidateIds, tokens } = await votingRound(t, t.staff.ada.id, { candidates: ['Grace Hopper', 'Alan Turing'], electors: ['race@example.org'] })
    const token = tokens['race@example.org']!
    const results = await Promise.allSettled(
      [candidateIds['Grace Hopper']!, candidateIds['Alan Turing']!, candidateIds['Grace Hopper']!, candidateIds['Alan Turing']!].map((id) => t.services.act(castBallot, { roundId: round.id, token, choices: [id] }, SYSTEM)),
    )
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1)
    assert.equal((await query(`SELECT 1 FROM board_ballots WHERE round_id = $1`, [round.id])).length, 1)
  })
})

describe('the secret ballot', () => {
  it('gives no query a way to join a ballot to an elector: no shared column, key or time, and no order', async () => {
    // The ballots table holds its round and the choices: nothing of an elector or a link, no time.
    const columns = async (table: string) =>
      (await query<{ column_name: string; data_type: string }>(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY column_name`, [table])).map(
        (row) => `${row.column_name} ${row.data_type}`,
      )
    assert.deepEqual(await columns('board_ballots'), ['choices ARRAY', 'id uuid', 'round_id uuid'])
    const electorColumns = await columns('board_electors')
    assert.deepEqual(
      electorColumns.filter((column) => /timestamp|date/.test(column)),
      ['created_at timestamp with time zone', 'link_expires_at timestamp with time zone'],
      'an elector keeps when they were added and when their link expires, never when they voted',
    )
    const shared = (await columns('board_ballots')).filter((column) => electorColumns.includes(column))
    assert.deepEqual(shared, ['id uuid', 'round_id uuid'], 'only the round, and an id of its own each (random)')
    const keys = await query(
      `SELECT conname FROM pg_constraint WHERE contype = 'f' AND ((conrelid = 'board_ballots'::regclass AND confrelid = 'board_electors'::regclass) OR (conrelid = 'board_electors'::regclass AND confrelid = 'board_ballots'::regclass))`,
    )
    assert.deepEqual(keys, [])

    // Five electors vote one by one. Whatever a query reads of the ballots (their ids, their order
    // on disk, the transaction that wrote them), it is the same for every ballot or random.
    const electors = ['s1', 's2', 's3', 's4', 's5'].map((name) => `${name}@example.org`)
    const { round, candidateIds, tokens } = await votingRound(t, t.staff.ada.id, { candidates: ['Grace Hopper', 'Alan Turing'], electors })
    for (const [index, email] of electors.entries()) {
      await t.services.act(castBallot, { roundId: round.id, token: tokens[email]!, choices: [index % 2 === 0 ? candidateIds['Grace Hopper']! : candidateIds['Alan Turing']!] }, SYSTEM)
    }
    const ballots = await query<{ id: string; xmin: string; ctid: string }>(`SELECT id, xmin::text AS xmin, ctid::text AS ctid FROM board_ballots WHERE round_id = $1`, [round.id])
    assert.equal(ballots.length, 5)
    assert.equal(new Set(ballots.map((row) => row.xmin)).size, 1, 'every ballot was written by the last vote’s transaction')
    const onDisk = [...ballots].sort((a, b) => compareCtid(a.ctid, b.ctid)).map((row) => row.id)
    assert.deepEqual(onDisk, ballots.map((row) => row.id).sort(), 'on disk in the order of their random ids, not the order of the votes')
    // The electors who voted earlier were written by transactions that wrote no ballot that is still there.
    const markers = await query<{ xmin: string }>(`SELECT xmin::text AS xmin FROM board_electors WHERE round_id = $1 AND voted`, [round.id])
    const ballotXmin = ballots[0]!.xmin
    assert.equal(markers.filter((row) => row.xmin === ballotXmin).length, 1, 'only the last voter shares it, as every ballot does')
    // No audit row for a vote.
    assert.deepEqual(await query(`SELECT action FROM audit_events WHERE subject_id = $1 AND action LIKE '%ballot%'`, [round.id]), [])
  })
})

describe('the secret ballot under concurrent votes', () => {
  it('writes every ballot again in one transaction even when two electors vote at the same moment', async () => {
    // Two electors' votes are held at the same point (the ballots' rows are locked by another
    // transaction) and then let go together. Were both to rewrite the ballots at once, the second
    // would find them already taken by the first and write only its own ballot: a ballot with a
    // transaction of its own, shared only with its elector's has-voted row. Votes in a round
    // therefore go one at a time.
    const electors = ['c1@example.org', 'c2@example.org', 'c3@example.org']
    const { round, candidateIds, tokens } = await votingRound(t, t.staff.ada.id, { candidates: ['Grace Hopper'], electors })
    const grace = candidateIds['Grace Hopper']!
    await t.services.act(castBallot, { roundId: round.id, token: tokens['c1@example.org']!, choices: [grace] }, SYSTEM)
    const holder = t.database.dataSource.createQueryRunner()
    await holder.connect()
    await holder.startTransaction()
    try {
      await holder.query(`SELECT id FROM board_ballots WHERE round_id = $1 FOR UPDATE`, [round.id])
      const votes = ['c2@example.org', 'c3@example.org'].map((email) => t.services.act(castBallot, { roundId: round.id, token: tokens[email]!, choices: [grace] }, SYSTEM))
      // Wait until both votes are waiting on a lock (each blocked behind the holder or the other vote).
      for (;;) {
        const [waiting] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`)
        if (waiting!.n >= 2) break
        await new Promise((resolve) => setImmediate(resolve))
      }
      await holder.commitTransaction()
      await Promise.all(votes)
    } finally {
      await holder.release()
    }
    const ballots = await query<{ xmin: string }>(`SELECT xmin::text AS xmin FROM board_ballots WHERE round_id = $1`, [round.id])
    assert.equal(ballots.length, 3)
    assert.equal(new Set(ballots.map((row) => row.xmin)).size, 1, 'every ballot written by the last vote’s transaction')
    const voters = await query<{ xmin: string }>(`SELECT xmin::text AS xmin FROM board_electors WHERE round_id = $1 AND voted`, [round.id])
    assert.equal(voters.filter((row) => row.xmin === ballots[0]!.xmin).length, 1, 'only the last voter shares it, as every ballot does')
  })
})

describe('the count', () => {
  it('closes voting, stops the unused links, and counts by the round’s method', async () => {
    const electors = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'].map((name) => `${name}@example.org`)
    const { round, candidateIds, tokens } = await votingRound(t, t.staff.ada.id, { method: 'stv', seats: 2, candidates: ['Grace Hopper', 'Alan Turing', 'Ada Lovelace'], electors })
    const [grace, alan, ada] = ['Grace Hopper', 'Alan Turing', 'Ada Lovelace'].map((name) => candidateIds[name]!) as [string, string, string]
    const votes: string[][] = [[grace, alan], [grace, ada], [grace], [alan, ada], [ada, alan]]
    for (const [index, choices] of votes.entries()) await t.services.act(castBallot, { roundId: round.id, token: tokens[electors[index]!]!, choices }, SYSTEM)
    const admin = await agentFor(t.staff.ada)
    const [{ version }] = (await query<{ version: number }>(`SELECT version FROM board_election_rounds WHERE id = $1`, [round.id])) as [{ version: number }]
    assert.equal((await submitForm(admin, `${round.path}/count`, { version: String(version) }, { from: `${round.path}/manage` })).status, 303)
    assert.deepEqual(await query(`SELECT status FROM board_election_rounds WHERE id = $1`, [round.id]), [{ status: 'counted' }])
    assert.deepEqual(await query(`SELECT 1 FROM board_electors WHERE round_id = $1 AND token_hash IS NOT NULL`, [round.id]), [], 'links stop working')
    await request(t.app).get(`${round.path}/ballot/${tokens[electors[5]!]}`).expect(410)

    const [stored] = await query<{ count: { count: { elected: string[]; quota: number }; voted: number; electors: number } }>(`SELECT count FROM board_election_results WHERE round_id = $1`, [round.id])
    const expected = countScottishStv([grace, alan, ada], votes.map((preferences) => ({ preferences, count: 1 })), 2, tieBreaker('nomination-order', [grace, alan, ada], ''))
    assert.deepEqual(stored!.count.count.elected, expected.elected)
    assert.deepEqual([stored!.count.voted, stored!.count.electors], [5, 6])
    // Counting twice from the same page: refused.
    assert.equal((await submitForm(admin, `${round.path}/count`, { version: String(version) }, { from: `${round.path}/manage` })).status, 409)
  })
})

/** Orders "(page,item)" row addresses as PostgreSQL stores them. */
function compareCtid(a: string, b: string): number {
  const [pa, ia] = a.slice(1, -1).split(',').map(Number) as [number, number]
  const [pb, ib] = b.slice(1, -1).split(',').map(Number) as [number, number]
  return pa - pb || ia - ib
}
