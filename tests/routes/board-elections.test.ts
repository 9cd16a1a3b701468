// Board election rounds and nominations: an admin sets a round up with the procedure the board
// chose, opens it for nominations; people stand through a public form like an application; the
// admins review each nomination for eligibility and publish the eligible ones as candidates.
import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import request from 'supertest'
import { addDays } from '../../src/domain/onboarding.ts'
import { financialYearEnd, roundSlug } from '../../src/domain/board-election.ts'
import { todayInLondon } from '../../src/services/role.service.ts'
import { useTestApp } from '../helpers/app.ts'
import { nominate, openRound, publishNomination, votingRound } from '../helpers/board-elections.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { latestEmail } from '../helpers/offers.ts'
import { signedInAgent } from '../helpers/staff.ts'

const t = useTestApp({
  staff: {
    bea: { name: 'Bea Board', roles: ['board-member'] },
    ada: { name: 'Ada Admin', roles: ['admin'] },
  },
})
const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.database.dataSource.query(sql, params)
const GRACE = { fullName: 'Grace Hopper', email: 'grace@example.org', statement: 'I would bring twenty years of teaching programming to the board.' }
const ALAN = { fullName: 'Alan Turing', email: 'alan@example.org', statement: 'I care about open code in the NHS.' }

const agentFor = (user: { email: string }) => signedInAgent(t.app, user)

beforeEach(async () => {
  await query(`DELETE FROM rate_limit_hits`)
})

describe('setting up an election round', () => {
  const today = todayInLondon()
  // Nominations open today, or on 1 April when the financial year ends within the fortnight.
  const start = addDays(today, 15) > financialYearEnd(today) ? addDays(financialYearEnd(today), 1) : today
  const valid = {
    name: 'Board election 2027',
    seats: '3',
    nominationsOpenOn: start,
    nominationsCloseOn: addDays(start, 7),
    votingOpensOn: addDays(start, 8),
    votingClosesOn: addDays(start, 15),
    method: 'stv',
    tieRule: 'lot',
    procedure: 'Any member may stand.\nElectors are the members on the list the admins load.',
  }

  it('records the seats, the dates, the method, the tie rule and the procedure; a draft is the admins’ alone', async () => {
    const admin = await agentFor(t.staff.ada)
    const response = await submitForm(admin, '/board/elections/new', valid)
    assert.equal(response.status, 303)
    assert.equal(response.headers.location, '/board/elections/board-election-2027/manage')
    const [round] = await query<{ id: string; status: string; seats: number; method: string; tie_rule: string; procedure: string }>(`SELECT id, status, seats, method, tie_rule, procedure FROM board_election_rounds WHERE slug = 'board-election-2027'`)
    assert.deepEqual({ ...round, id: undefined }, { id: undefined, status: 'draft', seats: 3, method: 'stv', tie_rule: 'lot', procedure: valid.procedure })
    const [audit] = await query<{ note: string }>(`SELECT note FROM audit_events WHERE action = 'board-election.created' AND subject_id = $1`, [round!.id])
    assert.equal(audit!.note, 'stv, 3 seats, ties: lot')

    // A draft: a 404 for the public and the board; the admin sees it.
    await request(t.app).get('/board/elections/board-election-2027').expect(404)
    await (await agentFor(t.staff.bea)).get('/board/elections/board-election-2027').expect(404)
    assert.doesNotMatch((await request(t.app).get('/board/elections').expect(200)).text, /Board election 2027/)
    const manage = await admin.get('/board/elections/board-election-2027/manage').expect(200)
    assert.match(manage.text, /Open for nominations/)

    // Opened: public, with the procedure.
    const opened = await admin.post('/board/elections/board-election-2027/open-nominations').type('form').send({ version: '1', _csrf: csrfTokenFrom(manage) })
    assert.equal(opened.status, 303)
    const page = await request(t.app).get('/board/elections/board-election-2027').expect(200)
    assert.match(page.text, /Single transferable vote \(Scottish STV rules\)/)
    assert.match(page.text, /Any member may stand\.\nElectors are the members on the list the admins load\./)
    assert.match(page.text, /Stand for the board/)
    assert.match((await request(t.app).get('/board/elections').expect(200)).text, /Board election 2027/)

    // A second round of the same name gets an address of its own.
    assert.equal((await submitForm(admin, '/board/elections/new', valid)).headers.location, '/board/elections/board-election-2027-2/manage')
    // Opening it again from the old page: refused.
    const again = await admin.post('/board/elections/board-election-2027/open-nominations').type('form').send({ version: '1', _csrf: csrfTokenFrom(manage) })
    assert.equal(again.status, 409)
  })

  it('explains each mistake and keeps what was typed', async () => {
    const admin = await agentFor(t.staff.ada)
    const empty = await submitForm(admin, '/board/elections/new', {})
    assert.equal(empty.status, 400)
    assert.match(empty.text, /<title>Error: Set up a board election - /)
    for (const message of ['Enter a name for the election', 'Enter the number of seats to fill', 'Enter the day nominations open', 'Enter the day voting closes', 'Select how the votes are counted', 'Select how a tie is resolved', 'Enter the procedure the board agreed']) {
      assert.match(empty.text, new RegExp(`>\\s*${message}\\s*</a>`), message)
    }
    const checks: [Record<string, string>, string, string][] = [
      [{ nominationsOpenOn: addDays(today, -1) }, 'nominationsOpenOn', 'Nominations must open today or later'],
      [{ nominationsCloseOn: addDays(today, -1) }, 'nominationsCloseOn', 'Nominations must close on or after the day they open'],
      [{ votingOpensOn: valid.nominationsCloseOn }, 'votingOpensOn', 'Voting must open after nominations close'],
      [{ votingClosesOn: addDays(valid.votingOpensOn, -1) }, 'votingClosesOn', 'Voting must close on or after the day it opens'],
      [{ votingClosesOn: addDays(financialYearEnd(start), 1) }, 'votingClosesOn', 'Voting must close before the financial year ends'],
      [{ seats: '0' }, 'seats', 'The number of seats must be a whole number from 1 to 30'],
      [{ method: 'borda' }, 'method', 'Select how the votes are counted'],
    ]
    for (const [change, field, message] of checks) {
      const response = await submitForm(admin, '/board/elections/new', { ...valid, ...change })
      assert.equal(response.status, 400, message)
      assert.match(response.text, new RegExp(`<a href="#${field}">\\s*${message}`), message)
    }
    const kept = await submitForm(admin, '/board/elections/new', { ...valid, seats: '0' })
    assert.match(kept.text, /value="Board election 2027"/)
    assert.match(kept.text, /value="stv" checked/)
  })

  it('can be changed until nominations close, from the version the admin saw, and the change is audited', async () => {
    const admin = await agentFor(t.staff.ada)
    const round = await openRound(t, t.staff.ada.id, { nominationsOpenOn: addDays(today, -3), nominationsCloseOn: today, votingOpensOn: addDays(today, 1), votingClosesOn: addDays(today, 10) })
    const manage = await admin.get(`${round.path}/manage`).expect(200)
    assert.match(manage.text, new RegExp(`href="${round.path}/edit"`))
    const form = await admin.get(`${round.path}/edit`).expect(200)
    assert.match(form.text, /name="version" value="2"/)
    assert.match(form.text, /value="approval" checked/)
    const [before] = await query<Record<string, unknown>>(`SELECT name, nominations_open_on::text AS open FROM board_election_rounds WHERE id = $1`, [round.id])
    const change = { name: String(before!.name), seats: '3', nominationsOpenOn: addDays(today, -3), nominationsCloseOn: addDays(today, 2), votingOpensOn: addDays(today, 3), votingClosesOn: addDays(today, 12), method: 'stv', tieRule: 'lot', procedure: 'Members may stand; members vote.', version: '2' }

    // Nominations opened in the past may keep their day, but none of the days may move into the past.
    const past = await submitForm(admin, `${round.path}/edit`, { ...change, nominationsCloseOn: addDays(today, -1) })
    assert.equal(past.status, 400)
    assert.match(past.text, /<a href="#nominationsCloseOn">\s*Nominations must close today or later/)
    assert.match(past.text, /Members may stand; members vote\./)
    const earlier = await submitForm(admin, `${round.path}/edit`, { ...change, nominationsOpenOn: addDays(today, -4) })
    assert.match(earlier.text, /Nominations must open today or later/)

    const saved = await submitForm(admin, `${round.path}/edit`, change)
    assert.equal(saved.status, 303)
    assert.equal(saved.headers.location, `${round.path}/manage`)
    const [after] = await query<Record<string, unknown>>(
      `SELECT slug, seats, method, tie_rule, procedure, nominations_close_on::text AS close, voting_closes_on::text AS voting_closes, version FROM board_election_rounds WHERE id = $1`,
      [round.id],
    )
    assert.deepEqual(after, { slug: round.slug, seats: 3, method: 'stv', tie_rule: 'lot', procedure: change.procedure, close: addDays(today, 2), voting_closes: addDays(today, 12), version: 3 })
    const [audit] = await query<{ note: string }>(`SELECT note FROM audit_events WHERE action = 'board-election.edited' AND subject_id = $1`, [round.id])
    assert.equal(audit!.note, 'Changed: seats, nominationsCloseOn, votingOpensOn, votingClosesOn, method, tieRule, procedure')
    assert.match((await request(t.app).get(round.path).expect(200)).text, /Members may stand; members vote\./)

    // A second admin's form from before the change: refused, nothing written.
    const stale = await admin.post(`${round.path}/edit`).type('form').send({ ...change, seats: '5', version: '2', _csrf: csrfTokenFrom(form) })
    assert.equal(stale.status, 409)
    assert.match(stale.text, /This election changed while you were looking at it/)
    assert.equal((await query<{ seats: number }>(`SELECT seats FROM board_election_rounds WHERE id = $1`, [round.id]))[0]!.seats, 3)
    assert.equal((await query(`SELECT 1 FROM audit_events WHERE action = 'board-election.edited' AND subject_id = $1`, [round.id])).length, 1)
  })

  it('cannot be changed once nominations have closed or voting has opened', async () => {
    const admin = await agentFor(t.staff.ada)
    // Nominations closed yesterday, voting not yet open.
    const closed = await openRound(t, t.staff.ada.id, { nominationsOpenOn: today, nominationsCloseOn: today, votingOpensOn: addDays(today, 1), votingClosesOn: addDays(today, 10) })
    await query(`UPDATE board_election_rounds SET nominations_open_on = $2::date - 2, nominations_close_on = $2::date - 1, voting_opens_on = $2::date WHERE id = $1`, [closed.id, today])
    assert.doesNotMatch((await admin.get(`${closed.path}/manage`).expect(200)).text, new RegExp(`href="${closed.path}/edit"`))
    assert.match((await admin.get(`${closed.path}/edit`).expect(409)).text, /This election can no longer be changed/)
    const token = csrfTokenFrom(await admin.get(`${closed.path}/manage`))
    const late = { ...valid, name: 'Too late', nominationsOpenOn: addDays(today, -2), nominationsCloseOn: today, votingOpensOn: addDays(today, 1), votingClosesOn: addDays(today, 9), version: '2', _csrf: token }
    const tried = await admin.post(`${closed.path}/edit`).type('form').send(late)
    assert.equal(tried.status, 409)
    assert.notEqual((await query<{ name: string }>(`SELECT name FROM board_election_rounds WHERE id = $1`, [closed.id]))[0]!.name, 'Too late')
    // Voting open: likewise.
    const voting = await votingRound(t, t.staff.ada.id, { candidates: ['Carol Candidate'], electors: ['elector@example.org'] })
    await admin.get(`${voting.round.path}/edit`).expect(409)
    // Not for the board.
    await (await agentFor(t.staff.bea)).get(`${closed.path}/edit`).expect(403)
  })

  it('works out addresses and the financial year', () => {
    assert.equal(roundSlug('Board election 2027'), 'board-election-2027')
    assert.equal(roundSlug('  Élection: spring/summer!  '), 'election-spring-summer')
    assert.equal(roundSlug('!!!'), 'election')
    assert.equal(financialYearEnd('2026-03-31'), '2026-03-31')
    assert.equal(financialYearEnd('2026-04-01'), '2027-03-31')
    assert.equal(financialYearEnd('2027-01-15'), '2027-03-31')
  })

  it('is for admins only', async () => {
    const board = await agentFor(t.staff.bea)
    await board.get('/board/elections/new').expect(403)
    assert.equal((await submitForm(board, '/board/elections/new', valid, { from: '/board' })).status, 403)
  })
})

describe('nominations', () => {
  it('are made through a public form, one question a page, with a receipt by email', async () => {
    const round = await openRound(t, t.staff.ada.id)
    const visitor = request.agent(t.app)
    const start = await visitor.get(`${round.path}/nominate`).expect(200)
    assert.match(start.text, /Start now/)
    // Each page explains what is missing and keeps what was typed.
    const base = `${round.path}/nominate`
    for (const [step, fields, message] of [
      ['name', { fullName: '' }, 'Enter your full name'],
      ['email', { email: 'grace at example' }, 'Enter an email address in the correct format, like name@example.com'],
      ['statement', { statement: 'word '.repeat(301) }, 'Your statement must be 300 words or fewer'],
      ['consent', {}, 'Select that you agree to your name and statement being published, to stand for the board'],
    ] as const) {
      const response = await submitForm(visitor, `${base}/${step}`, fields)
      assert.equal(response.status, 400, step)
      assert.match(response.text, /<title>Error: /)
      assert.match(response.text, new RegExp(`>\\s*${message}\\s*</a>`), message)
    }
    assert.equal((await submitForm(visitor, `${base}/statement`, { statement: 'word '.repeat(300) })).status, 303, '300 words is allowed')
    // Check your answers sends to the first unanswered page.
    assert.equal((await visitor.get(`${base}/check`)).headers.location, `${base}/name`)

    const sent = await nominate(visitor, round, GRACE)
    assert.equal(sent.status, 303)
    assert.equal(sent.headers.location, `${base}/confirmation`)
    assert.match((await visitor.get(`${base}/confirmation`).expect(200)).text, /Nomination sent/)
    const [row] = await query<{ full_name: string; email: string; statement: string; status: string; consented_at: Date }>(`SELECT full_name, email, statement, status, consented_at FROM board_nominations WHERE round_id = $1`, [round.id])
    assert.deepEqual({ ...row, consented_at: undefined }, { full_name: GRACE.fullName, email: GRACE.email, statement: GRACE.statement, status: 'submitted', consented_at: undefined })
    assert.ok(row!.consented_at)
    const email = await latestEmail(t, GRACE.email, 'board-nomination-received')
    assert.match(email.subject, /^We have your nomination for Board election/)
    assert.match(email.text_body, /Thank you for standing for the board/)

    // The same address again: the same page, nothing more stored, and the email says so.
    const again = await nominate(request.agent(t.app), round, { ...GRACE, statement: 'A different statement.' })
    assert.equal(again.headers.location, `${base}/confirmation`)
    assert.equal((await query(`SELECT 1 FROM board_nominations WHERE round_id = $1`, [round.id])).length, 1)
    assert.match((await latestEmail(t, GRACE.email, 'board-nomination-received')).text_body, /We already had a nomination from this email address/)
  })

  it('are refused outside the nomination dates, and for a round not open for them', async () => {
    const round = await openRound(t, t.staff.ada.id, { nominationsOpenOn: addDays(todayInLondon(), 1), nominationsCloseOn: addDays(todayInLondon(), 2), votingOpensOn: addDays(todayInLondon(), 3) })
    const visitor = request.agent(t.app)
    const page = await visitor.get(`${round.path}/nominate`).expect(200)
    assert.match(page.text, /Nominations are not open/)
    assert.match(page.text, /open on/)
    const token = csrfTokenFrom(await visitor.get('/sign-in'))
    const closed = await visitor.post(`${round.path}/nominate/name`).type('form').send({ fullName: 'Grace', _csrf: token })
    assert.match(closed.text, /Nominations are not open/)
    assert.equal(await visitor.get(`${round.path}/nominate/check`).then((response) => response.status), 200)
    // A draft round is not there at all.
    const draft = await openRound(t, t.staff.ada.id, {}, false)
    await visitor.get(`${draft.path}/nominate`).expect(404)

    // The form filled while open, sent after the round moved on: refused, nothing stored.
    const open = await openRound(t, t.staff.ada.id)
    const late = request.agent(t.app)
    const base = `${open.path}/nominate`
    for (const [step, fields] of [['name', { fullName: GRACE.fullName }], ['email', { email: GRACE.email }], ['statement', { statement: GRACE.statement }], ['consent', { consent: 'yes' }]] as const) {
      await submitForm(late, `${base}/${step}`, fields)
    }
    const check = await late.get(`${base}/check`).expect(200)
    await query(`UPDATE board_election_rounds SET status = 'voting' WHERE id = $1`, [open.id])
    const response = await late.post(`${base}/check`).type('form').send({ _csrf: csrfTokenFrom(check) })
    assert.equal(response.status, 409)
    assert.match(response.text, /Nominations for .* are closed/)
    assert.deepEqual(await query(`SELECT 1 FROM board_nominations WHERE round_id = $1`, [open.id]), [])
  })

  it('from one address are limited each day, as each emails a receipt', async () => {
    const visitor = request.agent(t.app)
    for (let n = 0; n < 3; n += 1) {
      const round = await openRound(t, t.staff.ada.id)
      assert.equal((await nominate(visitor, round, { ...ALAN, email: 'limit@example.org' })).status, 303)
    }
    const round = await openRound(t, t.staff.ada.id)
    const refused = await nominate(visitor, round, { ...ALAN, email: 'limit@example.org' })
    assert.equal(refused.status, 429)
    assert.match(refused.text, /You cannot send another nomination yet/)
    assert.deepEqual(await query(`SELECT 1 FROM board_nominations WHERE round_id = $1`, [round.id]), [])
  })

  it('are reviewed for eligibility by the admins, and the eligible ones published on the candidates page', async () => {
    const round = await openRound(t, t.staff.ada.id)
    for (const nominee of [GRACE, ALAN]) await nominate(request.agent(t.app), round, nominee)
    const [grace, alan] = await query<{ id: string }>(`SELECT id FROM board_nominations WHERE round_id = $1 ORDER BY full_name DESC`, [round.id])
    const admin = await agentFor(t.staff.ada)
    const manage = await admin.get(`${round.path}/manage`).expect(200)
    assert.match(manage.text, /Grace Hopper[\s\S]*To review/)
    const gracePath = `${round.path}/nominations/${grace!.id}`
    const alanPath = `${round.path}/nominations/${alan!.id}`

    const nothing = await submitForm(admin, `${gracePath}`, {})
    assert.equal(nothing.status, 404, 'the page itself takes no POST')
    const noChoice = await post(admin, gracePath, '/eligibility', { version: '1' })
    assert.equal(noChoice.status, 400)
    assert.match(noChoice.text, /Select whether the nominee is eligible to stand/)
    const noReason = await post(admin, alanPath, '/eligibility', { version: '1', eligible: 'no' })
    assert.match(noReason.text, /Enter why the nominee is not eligible/)

    assert.equal((await post(admin, gracePath, '/eligibility', { version: '1', eligible: 'yes' })).status, 303)
    assert.equal((await post(admin, alanPath, '/eligibility', { version: '1', eligible: 'no', reason: 'Not a member of the community.' })).status, 303)
    // Each nominee is emailed the outcome through the outbox; the one found not eligible, with the reason.
    const eligibleEmail = await latestEmail(t, GRACE.email, 'board-nomination-reviewed')
    assert.match(eligibleEmail.subject, /^You are eligible to stand in /)
    assert.match(eligibleEmail.text_body, /you are eligible to stand for the board/)
    const ineligibleEmail = await latestEmail(t, ALAN.email, 'board-nomination-reviewed')
    assert.match(ineligibleEmail.subject, /^Your nomination for /)
    assert.match(ineligibleEmail.text_body, /you are not eligible to stand in this election\.\n\nThe reason they gave:\nNot a member of the community\./)
    assert.match(ineligibleEmail.html, /Not a member of the community\./)
    const reviewMails = await query<{ recipient: string }>(`SELECT recipient FROM email_messages WHERE template = 'board-nomination-reviewed' AND recipient = ANY($1::text[]) ORDER BY recipient`, [[GRACE.email, ALAN.email]])
    assert.deepEqual(reviewMails.map((row) => row.recipient), [ALAN.email, GRACE.email], 'one email for each decision')
    // A page sent again from before the decision changes nothing and sends nothing.
    assert.equal((await post(admin, alanPath, '/eligibility', { version: '1', eligible: 'no', reason: 'Again.' })).status, 409)
    assert.equal((await query(`SELECT 1 FROM email_messages WHERE template = 'board-nomination-reviewed' AND recipient = $1`, [ALAN.email])).length, 1)
    // Nothing is public before it is published.
    assert.match((await request(t.app).get(`${round.path}/candidates`).expect(200)).text, /No candidates have been published yet/)
    // An old page's version is refused.
    const stale = await post(admin, gracePath, '/publish', { version: '1' })
    assert.equal(stale.status, 409)
    assert.match(stale.text, /This nomination changed while you were looking at it/)
    assert.equal((await post(admin, gracePath, '/publish', { version: '2' })).status, 303)
    const page = await request(t.app).get(`${round.path}/candidates`).expect(200)
    assert.match(page.text, /<h2 class="nhsuk-heading-m">Grace Hopper<\/h2>\s*<p class="app-preserve-lines">I would bring twenty years/)
    assert.doesNotMatch(page.text, /Alan Turing|grace@example\.org/)
    // Ineligible ones cannot be published.
    assert.equal((await post(admin, alanPath, '/publish', { version: '2' })).status, 409)
    assert.deepEqual(
      await query(`SELECT full_name, status, ineligible_reason, reviewed_by FROM board_nominations WHERE round_id = $1 ORDER BY full_name`, [round.id]),
      [
        { full_name: 'Alan Turing', status: 'ineligible', ineligible_reason: 'Not a member of the community.', reviewed_by: t.staff.ada.id },
        { full_name: 'Grace Hopper', status: 'published', ineligible_reason: null, reviewed_by: t.staff.ada.id },
      ],
    )
    const actions = await query<{ action: string }>(`SELECT action FROM audit_events WHERE subject_type = 'board_nomination' AND actor_type = 'staff' AND subject_id = ANY($1::text[]) ORDER BY id`, [[grace!.id, alan!.id]])
    assert.deepEqual(actions.map((row) => row.action).sort(), ['board-nomination.find-eligible', 'board-nomination.find-ineligible', 'board-nomination.publish'])

    // Board members cannot review; once voting opens nobody can.
    const board = await agentFor(t.staff.bea)
    await board.get(gracePath).expect(403)
    await query(`UPDATE board_election_rounds SET status = 'voting' WHERE id = $1`, [round.id])
    const fixed = await post(admin, gracePath, '/withdraw', { version: '3' })
    assert.equal(fixed.status, 409)
    assert.match(fixed.text, /Voting has opened, so the candidates can no longer change/)
    assert.equal((await query<{ status: string }>(`SELECT status FROM board_nominations WHERE id = $1`, [grace!.id]))[0]!.status, 'published')
  })

  it('published straight through the actions, as the other tests do', async () => {
    const round = await openRound(t, t.staff.ada.id)
    await nominate(request.agent(t.app), round, GRACE)
    await publishNomination(t, t.staff.ada.id, round, GRACE.email)
    assert.match((await request(t.app).get(round.path).expect(200)).text, /The 1 candidate/)
  })
})

async function post(agent: ReturnType<typeof request.agent>, path: string, action: string, fields: Record<string, string>) {
  return submitForm(agent, `${path}${action}`, fields, { from: path })
}
