import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request from 'supertest'
import { AuditEvent, type StaffUser } from '../../src/entities/index.ts'
import type { ReviewScores } from '../../src/entities/review.entity.ts'
import { EQUALITY_NOT_EXPORTABLE, type DataExport } from '../../src/queries/personal-data-export.ts'
import { suppressTable, type Suppression } from '../../src/queries/equality-report.ts'
import { useTestApp } from '../helpers/app.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { confirmedInterest } from '../helpers/interest.ts'
import { applicantSignInToken, draftResumeToken, newExecutive, signInApplicant, submitApplication, tokenFromEmail, type SubmittedApplication } from '../helpers/review.ts'
import { boardRecordsFor } from '../helpers/board-elections.ts'
import { createStaff, signIn } from '../helpers/staff.ts'

const t = useTestApp({
  staff: {
    admin: { name: 'Ada Admin', roles: ['admin'] },
  },
})
// The export test makes an executive of the web developer role, and later tests still apply for it.
t.before(() => t.database.dataSource.query(`UPDATE "roles" SET "places" = 2 WHERE "slug" = 'web-developer'`))

async function agentFor(user: StaffUser) {
  const agent = request.agent(t.app)
  await signIn(agent, user)
  return agent
}

async function exportFor(agent: ReturnType<typeof request.agent>, email: string) {
  return submitForm(agent, '/admin/data', { email })
}

async function review(application: Pick<SubmittedApplication, 'id'>, reviewer: StaffUser, comment: string) {
  const [choice]: { id: string }[] = await t.database.dataSource.query(`SELECT "id" FROM "application_roles" WHERE "application_id" = $1 LIMIT 1`, [application.id])
  await t.database.dataSource.query(
    `INSERT INTO "reviews" ("application_id", "reviewer_id", "scores", "recommendation", "comment") VALUES ($1, $2, $3, 'appoint', $4)`,
    [application.id, reviewer.id, JSON.stringify({ [choice!.id]: { enthusiasm: { score: 5, note: 'Lovely answers' } } }), comment],
  )
}

describe('export everything held about an email address', () => {
  it('downloads every record about the person, and nobody else’s, without links or reviewers’ identities', async () => {
    const bea = await createStaff(t, ['board-member'], 'Bea Board')
    const carl = await createStaff(t, ['board-member'], 'Carl Conflict')
    const dora = await createStaff(t, ['board-member'], 'Dora Director')
    const manager = await createStaff(t, ['community-manager'], 'Cara Manager')

    const ada = await submitApplication(t, { email: 'ada@example.org', fullName: 'Ada Lovelace' })
    const bob = await submitApplication(t, { email: 'bob@example.org', fullName: 'Bob Builder', phone: '07700 900111', motivation: 'Bob wants to build the website.' })
    await review(ada, bea, 'Great enthusiasm for the web')
    await review(bob, bea, 'Bob comment: a builder through and through')
    await t.database.dataSource.query(`INSERT INTO "conflicts_of_interest" ("application_id", "staff_user_id", "reason") VALUES ($1, $2, 'We work in the same team')`, [
      ada.id,
      carl.id,
    ])
    const resumeToken = await draftResumeToken(t, 'ada@example.org')
    const signInToken = await applicantSignInToken(t, 'ada@example.org')
    await applicantSignInToken(t, 'bob@example.org')
    // Ada is signed in at /my-application in her browser; Bob in his.
    await signInApplicant(t, request.agent(t.app), 'ada@example.org')
    await signInApplicant(t, request.agent(t.app), 'bob@example.org')
    // Ada also applied again, was offered the role, accepted and is getting started as an executive.
    const executive = await newExecutive(t, { manager, reviewers: [bea, dora] }, { email: 'ada@example.org', fullName: 'Ada Lovelace' })
    const offerToken = await tokenFromEmail(t.database.dataSource, { recipient: 'ada@example.org', template: 'offer' }, '/offer')

    const agent = await agentFor(t.staff.admin)
    const response = await exportFor(agent, '  ADA@Example.org ')
    assert.equal(response.status, 200)
    assert.match(String(response.headers['content-type']), /^application\/json/)
    assert.match(String(response.headers['content-disposition']), /^attachment; filename="personal-data-export-\d{4}-\d{2}-\d{2}\.json"$/)
    assert.equal(response.headers['cache-control'], 'no-store')
    const text = response.text
    const data = JSON.parse(text) as DataExport

    assert.equal(data.emailAddress, 'ada@example.org')
    assert.equal(data.equalityMonitoring, EQUALITY_NOT_EXPORTABLE)
    assert.equal(data.equalityMonitoring, 'not linked to any person; cannot be exported')

    // Ada's applications, answers, reviews and conflicts.
    const adaReferences = (data.applications as { reference: string; email: string; fullName: string }[]).map((application) => application.reference)
    assert.equal(adaReferences.length, 2)
    assert.ok(adaReferences.includes(ada.reference))
    assert.ok(data.applications.every((application) => application.email === 'ada@example.org' && application.fullName === 'Ada Lovelace'))
    assert.ok(data.applicationRoles.length >= 2)
    assert.ok(data.applicationRoles.some((choice) => JSON.stringify(choice.answers).includes('My own site on GitHub Pages')))
    const adaReview = data.reviews.find((each) => each.comment === 'Great enthusiasm for the web')
    assert.ok(adaReview, 'the board’s comment about Ada')
    assert.match(String(adaReview.reviewer), /^Staff member \d+$/)
    assert.equal(adaReview.recommendation, 'appoint')
    assert.match(JSON.stringify(adaReview.scores), /"score":5/)
    assert.equal(data.conflictsOfInterest.length, 1)
    assert.equal(data.conflictsOfInterest[0]!.reason, 'We work in the same team')
    assert.match(String(data.conflictsOfInterest[0]!.boardMember), /^Staff member \d+$/)
    // The same reviewer keeps the same label throughout; different reviewers differ.
    const labels = new Set(data.reviews.map((each) => each.reviewer))
    assert.equal(labels.size, 2, 'Bea and Dora reviewed Ada’s applications')
    assert.notEqual(data.conflictsOfInterest[0]!.boardMember, adaReview.reviewer)
    for (const staff of [bea, carl, dora, manager]) {
      assert.ok(!text.includes(staff.name), `no ${staff.name}`)
      assert.ok(!text.includes(staff.id), `no id of ${staff.name}`)
      assert.ok(!text.includes(staff.email), `no address of ${staff.name}`)
    }

    // Drafts, links (dates only), emails (without the content of those with links).
    assert.equal(data.applicationDrafts.length, 1)
    assert.ok(data.oneTimeLinks.some((link) => link.purpose === 'applicant-sign-in' && link.createdAt))
    assert.ok(data.offerLinks.length === 1 && data.offerLinks[0]!.response === 'accepted')
    for (const secret of [resumeToken, signInToken, offerToken]) assert.ok(!text.includes(secret), 'no one-time token in the file')
    assert.doesNotMatch(text, /"(tokenHash|token_hash|passwordHash|password_hash|failedSignIns|sid)"/)
    assert.doesNotMatch(text, /\/my-application\/sign-in\/|\/apply\/resume\/|\/offer\/|\/my-onboarding\/sign-in\//)
    const emailsByTemplate = (template: string) => data.emails.filter((email) => email.template === template)
    assert.match(String(emailsByTemplate('application-received')[0]!.textBody), /Ada Lovelace|reference/i)
    for (const template of ['applicant-sign-in', 'application-draft-saved', 'offer', 'executive-welcome']) {
      const [email] = emailsByTemplate(template)
      assert.ok(email, `the ${template} email is listed`)
      assert.equal(email.content, 'withheld: this email contained a one-time link')
      assert.equal(email.textBody, undefined)
      assert.equal(email.html, undefined)
    }
    assert.ok(data.emails.every((email) => email.recipient === 'ada@example.org'))

    // Her signed-in session: that it exists and until when, never its id.
    assert.equal(data.sessions.length, 1)
    assert.equal(data.sessions[0]!.signedInToTheirApplication, true)

    // The executive record, checklist and the audit trail.
    assert.equal(data.executives.length, 1)
    assert.equal(data.executives[0]!.id, executive.id)
    assert.equal(data.onboardingItems.length, executive.items.length)
    const actions = data.auditEvents.map((event) => event.action)
    assert.ok(actions.includes('application.submitted'))
    assert.ok(actions.includes('executive.created'))
    assert.ok(data.auditEvents.every((event) => event.actor === null || /^(applicant|executive|system|Staff member \d+)$/.test(String(event.actor))))
    assert.equal(data.summary.applications, 2)

    // Nothing of Bob's.
    for (const his of ['bob@example.org', 'Bob Builder', bob.reference, bob.id, '07700 900111', 'Bob wants to build', 'Bob comment']) {
      assert.ok(!text.includes(his), `nothing of Bob's: ${his}`)
    }

    // The export is audited, without the address.
    const audits = await t.database.dataSource.getRepository(AuditEvent).findBy({ action: 'data.exported' })
    assert.equal(audits.length, 1)
    assert.equal(audits[0]!.actorId, t.staff.admin.id)
    assert.doesNotMatch(audits[0]!.note ?? '', /ada|@/i)
    assert.match(audits[0]!.note ?? '', /applications: 2/)

    // And Bob's export has Bob, not Ada.
    const bobs = JSON.parse((await exportFor(agent, 'bob@example.org')).text) as DataExport
    assert.deepEqual(
      bobs.applications.map((application) => application.reference),
      [bob.reference],
    )
    assert.ok(bobs.reviews.length === 1 && bobs.reviews[0]!.comment === 'Bob comment: a builder through and through')
    assert.equal(bobs.conflictsOfInterest.length, 0)
    assert.equal(bobs.executives.length, 0)
    assert.ok(!JSON.stringify(bobs).includes('ada@example.org'))

    // Someone we hold nothing about: an empty export, still audited.
    const nobody = JSON.parse((await exportFor(agent, 'nobody@example.org')).text) as DataExport
    assert.ok(Object.values(nobody.summary).every((count) => count === 0))
  })

  it('includes the person’s board nominations and elector entries, and never a ballot', async () => {
    const { open, voting } = await boardRecordsFor(t, t.staff.admin.id, 'nina@example.org', 'Nina Nominee')
    await boardRecordsFor(t, t.staff.admin.id, 'otto@example.org', 'Otto Other')
    const agent = await agentFor(t.staff.admin)
    const response = await exportFor(agent, 'Nina@Example.org')
    assert.equal(response.status, 200)
    const data = JSON.parse(response.text) as DataExport
    assert.equal(data.summary.boardNominations, 2)
    assert.equal(data.summary.boardElectorEntries, 2)
    const rounds = await t.database.dataSource.query(`SELECT id, name FROM board_election_rounds WHERE id = ANY($1::uuid[]) ORDER BY created_at`, [[open.id, voting.id]])
    assert.deepEqual(
      data.boardNominations.map((nomination) => [nomination.roundName, nomination.fullName, nomination.email, nomination.status, nomination.statement]),
      rounds.map((round: { name: string }, index: number) => [round.name, 'Nina Nominee', 'nina@example.org', index === 0 ? 'submitted' : 'published', 'Nina Nominee would like to serve.']),
    )
    assert.equal(data.boardNominations[1]!.reviewedBy, 'Staff member 1', 'the admin who reviewed it, as a label')
    assert.deepEqual(
      data.boardElectorEntries.map((entry) => [entry.roundName, entry.email, entry.votedFromThisEntry, entry.ballotLinkExpiresAt === null]),
      rounds.map((round: { name: string }, index: number) => [round.name, 'nina@example.org', index === 1, index === 0]),
    )
    assert.ok(data.auditEvents.some((event) => event.subjectType === 'board_nomination' && event.action === 'board-nomination.publish'))
    // The ballot email held a one-time link: listed without its content. Nothing of Otto's.
    const ballotEmail = data.emails.find((email) => email.template === 'board-ballot')
    assert.equal(ballotEmail?.content, 'withheld: this email contained a one-time link')
    assert.doesNotMatch(response.text, /otto@example\.org|Otto Other|"choices"/)
  })

  it('asks for a valid address with the NHS error pattern', async () => {
    const agent = await agentFor(t.staff.admin)
    const before = await t.database.dataSource.getRepository(AuditEvent).countBy({ action: 'data.exported' })
    const empty = await exportFor(agent, '')
    assert.equal(empty.status, 400)
    assert.match(empty.text, /<title>Error: Export everything held about an email address - /)
    assert.match(empty.text, /href="#email">\s*Enter the email address to export data for/)
    const invalid = await exportFor(agent, 'ada@')
    assert.equal(invalid.status, 400)
    assert.match(invalid.text, /Enter an email address in the correct format, like name@example.com/)
    assert.match(invalid.text, /name="email"[^>]*value="ada@"/)
    assert.equal(await t.database.dataSource.getRepository(AuditEvent).countBy({ action: 'data.exported' }), before)
  })

  it('is for admins only, and refuses a POST without a CSRF token', async () => {
    const anonymous = await request(t.app).get('/admin/data')
    assert.equal(anonymous.status, 303)
    assert.equal(anonymous.headers.location, '/sign-in')
    for (const roles of [['board-member'], ['community-manager']] as const) {
      const agent = await agentFor(await createStaff(t, [...roles]))
      await agent.get('/admin/data').expect(403)
      const refused = await submitForm(agent, '/admin/data', { email: 'ada@example.org' }, { from: '/staff' })
      assert.equal(refused.status, 403)
      assert.doesNotMatch(refused.text, /Lovelace/)
    }
    const agent = await agentFor(t.staff.admin)
    const before = await t.database.dataSource.getRepository(AuditEvent).countBy({ action: 'data.exported' })
    const noToken = await agent.post('/admin/data').type('form').send({ email: 'ada@example.org' })
    assert.equal(noToken.status, 403)
    assert.doesNotMatch(noToken.text, /Lovelace/)
    assert.equal(await t.database.dataSource.getRepository(AuditEvent).countBy({ action: 'data.exported' }), before)
  })
})

/** Sends the erasure's first form for `email` and returns the page that asks to confirm. */
async function askToErase(agent: ReturnType<typeof request.agent>, email: string) {
  return submitForm(agent, '/admin/data/erase', { email })
}

/** What one address holds in each table the erasure looks at, for the "and nobody else's" checks. */
async function heldFor(email: string) {
  const count = async (sql: string) => Number(((await t.database.dataSource.query(sql, [email])) as [{ n: string }])[0].n)
  return {
    applications: await count(`SELECT count(*) AS n FROM applications WHERE lower(email) = $1`),
    drafts: await count(`SELECT count(*) AS n FROM application_drafts WHERE lower(email) = $1`),
    interest: await count(`SELECT count(*) AS n FROM interest_registrations WHERE lower(email) = $1`),
    nominations: await count(`SELECT count(*) AS n FROM board_nominations WHERE lower(email) = $1`),
    electors: await count(`SELECT count(*) AS n FROM board_electors WHERE lower(email) = $1`),
    links: await count(`SELECT count(*) AS n FROM one_time_tokens WHERE lower(email) = $1`),
    emails: await count(`SELECT count(*) AS n FROM email_messages WHERE lower(recipient) = $1`),
  }
}

describe('erase everything held about an email address', () => {
  it('asks first with counts by kind, then erases by the applicant’s rules, leaves everyone else’s, and audits only that it happened', async () => {
    // Nell stood for the board and is an elector, in a round still taking nominations and in one
    // open for voting (where she voted); she also applied, saved a draft and asked to hear of roles.
    const { open, voting } = await boardRecordsFor(t, t.staff.admin.id, 'nell@example.org', 'Nell Nominee')
    const nellsApplication = await submitApplication(t, { email: 'nell@example.org', fullName: 'Nell Nominee' })
    await draftResumeToken(t, 'nell@example.org')
    await confirmedInterest(t, { email: 'nell@example.org', roles: ['any'] })
    const nellsBrowser = request.agent(t.app)
    await signInApplicant(t, nellsBrowser, 'nell@example.org')
    assert.match((await nellsBrowser.get('/my-application').expect(200)).text, /Sign out/)
    // Olga has the same kinds of record, and keeps them.
    await boardRecordsFor(t, t.staff.admin.id, 'olga@example.org', 'Olga Other')
    await submitApplication(t, { email: 'olga@example.org', fullName: 'Olga Other' })
    await draftResumeToken(t, 'olga@example.org')
    await confirmedInterest(t, { email: 'olga@example.org', roles: ['any'] })
    const olgaBefore = await heldFor('olga@example.org')

    const agent = await agentFor(t.staff.admin)
    const check = await askToErase(agent, '  NELL@Example.org ')
    assert.equal(check.status, 200)
    assert.equal(check.headers['cache-control'], 'no-store')
    assert.match(check.text, /<title>Are you sure you want to erase everything held about this email address\?/)
    const rows = [.../<tbody[\s\S]*<\/tbody>/.exec(check.text)![0].matchAll(/<tr[\s\S]*?<\/tr>/g)].map((row) =>
      [...row[0].replace(/<span class="nhsuk-table__heading"[^>]*>[^<]*<\/span>/g, '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').trim()),
    )
    const counts = Object.fromEntries(rows.map(([kind, count]) => [kind, Number(count)]))
    assert.deepEqual(counts, {
      Applications: 1,
      'Saved applications not yet sent': 1,
      'Requests to be emailed when roles open': 1,
      'Board nominations': 2,
      'Places on a list of electors': 2,
      'One-time links': (await heldFor('nell@example.org')).links,
      'Emails to the address': (await heldFor('nell@example.org')).emails,
      // Her signed-in browser, and the one she registered interest from.
      'Browser sessions': 2,
    })
    // Counts, not the data: no name, statement or answer on the page.
    assert.doesNotMatch(check.text, /Nell Nominee|would like to serve|Drafty/)
    assert.equal(await t.database.dataSource.getRepository(AuditEvent).countBy({ action: 'data.erased' }), 0, 'asking changes nothing')
    assert.equal((await heldFor('nell@example.org')).nominations, 2)

    const auditBefore = Number(((await t.database.dataSource.query(`SELECT max(id) AS id FROM audit_events`)) as [{ id: string }])[0].id)
    const erased = await agent.post('/admin/data/erase/confirm').type('form').send({ _csrf: csrfTokenFrom(check), email: 'nell@example.org' })
    assert.equal(erased.status, 303)
    assert.equal(erased.headers.location, '/admin/data/erase')
    const after = await agent.get('/admin/data/erase').expect(200)
    assert.match(after.text, /Everything held about the email address has been erased/)
    assert.doesNotMatch(after.text, /nell@/i)

    assert.deepEqual(await heldFor('nell@example.org'), { applications: 0, drafts: 0, interest: 0, nominations: 0, electors: 0, links: 0, emails: 0 })
    // The round still taking nominations loses both; the round open for voting keeps the
    // candidate's name (on the ballots) and that the elector voted, with nothing else of hers.
    const nominations = await t.database.dataSource.query(`SELECT round_id, full_name, email, statement FROM board_nominations WHERE round_id = ANY($1::uuid[]) AND full_name = 'Nell Nominee'`, [[open.id, voting.id]])
    assert.deepEqual(nominations.map((row: { round_id: string; full_name: string; email: string; statement: string }) => [row.round_id, row.full_name, /@erased\.invalid$/.test(row.email), row.statement]), [
      [voting.id, 'Nell Nominee', true, 'Erased at the candidate’s request.'],
    ])
    const electors: { round_id: string; voted: boolean; token_hash: string | null }[] = await t.database.dataSource.query(
      `SELECT round_id, voted, token_hash FROM board_electors WHERE round_id = ANY($1::uuid[]) AND email LIKE '%@erased.invalid'`,
      [[open.id, voting.id]],
    )
    assert.deepEqual(electors, [{ round_id: voting.id, voted: true, token_hash: null }])
    const [application]: { full_name: string | null; reference: string; erased: boolean }[] = await t.database.dataSource.query(
      `SELECT full_name, reference, erased_at IS NOT NULL AS erased FROM applications WHERE id = $1`,
      [nellsApplication.id],
    )
    assert.deepEqual(application, { full_name: null, reference: nellsApplication.reference, erased: true })
    // Nell's browser is signed out; the admin's session goes on.
    await nellsBrowser.get('/my-application').expect(200).expect((response) => assert.doesNotMatch(response.text, /Sign out/))
    assert.deepEqual(await heldFor('olga@example.org'), olgaBefore)

    // The audit: that an admin erased someone's data, and each application's move; no address, nothing found.
    const audit: { action: string; actor_type: string; subject_type: string; subject_id: string | null; note: string | null }[] = await t.database.dataSource.query(
      `SELECT action, actor_type, subject_type, subject_id, note FROM audit_events WHERE id > $1 ORDER BY id`,
      [auditBefore],
    )
    assert.deepEqual(audit.map((row) => row.action).sort(), ['application.erased', 'data.erased'])
    assert.deepEqual(audit.find((row) => row.action === 'data.erased'), { action: 'data.erased', actor_type: 'staff', subject_type: 'data_erasure', subject_id: null, note: null })
    assert.doesNotMatch(JSON.stringify(await t.database.dataSource.query(`SELECT * FROM audit_events`)), /nell/i)

    // Sent again (a double click, the back button): nothing left, so nothing more is audited.
    const again = await agent.post('/admin/data/erase/confirm').type('form').send({ _csrf: csrfTokenFrom(check), email: 'nell@example.org' })
    assert.equal(again.status, 303)
    assert.equal(await t.database.dataSource.getRepository(AuditEvent).countBy({ action: 'data.erased' }), 1)
    const nothing = await askToErase(agent, 'nell@example.org')
    assert.match(nothing.text, /<h1>Nothing is held about this email address<\/h1>/)
    assert.doesNotMatch(nothing.text, /erase\/confirm/)
  })

  it('erases what the board wrote about the applicant, keeping the scores, recommendations and conflicts', async () => {
    const bea = await createStaff(t, ['board-member'], 'Bea Writer')
    const carl = await createStaff(t, ['board-member'], 'Carl Colleague')
    const pia = await submitApplication(t, { email: 'pia@example.org', fullName: 'Pia Person' })
    const quin = await submitApplication(t, { email: 'quin@example.org', fullName: 'Quin Other' })
    await review(pia, bea, 'Pia would be a great fit')
    await review(quin, bea, 'Quin knows the community well')
    for (const application of [pia, quin]) {
      await t.database.dataSource.query(`INSERT INTO "conflicts_of_interest" ("application_id", "staff_user_id", "reason") VALUES ($1, $2, 'We share a team')`, [application.id, carl.id])
    }

    const agent = await agentFor(t.staff.admin)
    const check = await askToErase(agent, 'pia@example.org')
    await agent.post('/admin/data/erase/confirm').type('form').send({ _csrf: csrfTokenFrom(check), email: 'pia@example.org' }).expect(303)

    const reviews: { application_id: string; comment: string | null; scores: ReviewScores; recommendation: string }[] = await t.database.dataSource.query(
      `SELECT application_id, comment, scores, recommendation FROM reviews WHERE application_id = ANY($1::uuid[])`,
      [[pia.id, quin.id]],
    )
    const pias = reviews.find((row) => row.application_id === pia.id)!
    assert.equal(pias.comment, null)
    assert.equal(pias.recommendation, 'appoint')
    assert.deepEqual(Object.values(pias.scores).map((criteria) => criteria.enthusiasm), [{ score: 5, note: null }], 'the score stays, its note goes')
    const quins = reviews.find((row) => row.application_id === quin.id)!
    assert.equal(quins.comment, 'Quin knows the community well')
    assert.deepEqual(Object.values(quins.scores).map((criteria) => criteria.enthusiasm), [{ score: 5, note: 'Lovely answers' }])
    const conflicts: { application_id: string; reason: string | null }[] = await t.database.dataSource.query(
      `SELECT application_id, reason FROM conflicts_of_interest WHERE application_id = ANY($1::uuid[]) ORDER BY application_id = $2 DESC`,
      [[pia.id, quin.id], pia.id],
    )
    assert.deepEqual(conflicts, [
      { application_id: pia.id, reason: null },
      { application_id: quin.id, reason: 'We share a team' },
    ])
  })

  it('says what it does not erase: a staff account with the address', async () => {
    const bea = await createStaff(t, ['board-member'], 'Bea Erasable')
    await submitApplication(t, { email: bea.email, fullName: 'Bea Erasable' })
    const check = await askToErase(await agentFor(t.staff.admin), bea.email)
    assert.match(check.text, /What is not erased here[\s\S]*1 staff account\. This does not erase staff accounts/)
  })

  it('checks the address on both pages, keeping what was typed', async () => {
    const agent = await agentFor(t.staff.admin)
    const empty = await askToErase(agent, '')
    assert.equal(empty.status, 400)
    assert.match(empty.text, /<title>Error: Erase everything held about an email address/)
    assert.match(empty.text, /href="#email">\s*Enter the email address to erase everything held about/)
    const invalid = await askToErase(agent, 'nell@')
    assert.equal(invalid.status, 400)
    assert.match(invalid.text, /name="email"[^>]*value="nell@"/)
    const page = await agent.get('/admin/data/erase').expect(200)
    const tampered = await agent.post('/admin/data/erase/confirm').type('form').send({ _csrf: csrfTokenFrom(page), email: 'not an address' })
    assert.equal(tampered.status, 400)
    assert.match(tampered.text, /Enter an email address in the correct format/)
  })

  it('is for admins only, and refuses a POST without a CSRF token', async () => {
    await submitApplication(t, { email: 'kept@example.org', fullName: 'Kept Person' })
    for (const roles of [['board-member'], ['community-manager']] as const) {
      const agent = await agentFor(await createStaff(t, [...roles]))
      await agent.get('/admin/data/erase').expect(403)
      const home = await agent.get('/staff').expect(200)
      assert.equal((await agent.post('/admin/data/erase').type('form').send({ _csrf: csrfTokenFrom(home), email: 'kept@example.org' })).status, 403)
      assert.equal((await agent.post('/admin/data/erase/confirm').type('form').send({ _csrf: csrfTokenFrom(home), email: 'kept@example.org' })).status, 403)
    }
    assert.equal((await (await agentFor(t.staff.admin)).post('/admin/data/erase/confirm').type('form').send({ email: 'kept@example.org' })).status, 403)
    assert.equal((await heldFor('kept@example.org')).applications, 1)
  })
})

describe('the audit log', () => {
  it('lists events newest first with who, what and the change, filtered by action and by subject', async () => {
    const agent = await agentFor(t.staff.admin)
    const application = await submitApplication(t, { email: 'grace@example.org', fullName: 'Grace Hopper' })
    const page = await agent.get('/admin/audit').expect(200)
    // The newest event first: Grace's application (the exports came before it).
    const firstRow = /<tbody[\s\S]*?<tr[\s\S]*?<\/tr>/.exec(page.text)![0]
    assert.match(firstRow, /Application sent/)
    assert.match(firstRow, /The applicant/)
    assert.match(firstRow, new RegExp(application.reference))
    assert.match(firstRow, /None <span aria-hidden="true">→<\/span><span class="nhsuk-u-visually-hidden"> to <\/span> Received/)
    // Staff are named.
    assert.match(page.text, /Ada Admin[\s\S]*?Personal data exported/)

    const onlyData = await agent.get('/admin/audit?action=data.').expect(200)
    assert.match(onlyData.text, /Personal data exported/)
    assert.doesNotMatch(onlyData.text, /Application sent/)

    for (const subject of [application.id, application.reference, application.reference.toLowerCase()]) {
      const bySubject = await agent.get(`/admin/audit?subject=${encodeURIComponent(subject)}`).expect(200)
      assert.match(bySubject.text, /Showing 1 to 1 of 1 event,/)
      assert.match(bySubject.text, /Application sent/)
    }
    const none = await agent.get('/admin/audit?subject=no-such-thing').expect(200)
    assert.match(none.text, /Nothing in the audit log matches these filters/)
    // An unknown prefix is ignored, not an error.
    await agent.get('/admin/audit?action=%25').expect(200)
  })

  it('pages through the log, 50 events a page', async () => {
    await t.database.dataSource.query(
      `INSERT INTO "audit_events" ("actor_type", "action", "subject_type", "subject_id") SELECT 'system', 'role.updated', 'role', 'r' || n FROM generate_series(1, 60) n`,
    )
    const agent = await agentFor(t.staff.admin)
    const [{ count }]: [{ count: string }] = await t.database.dataSource.query(`SELECT count(*) AS "count" FROM "audit_events"`)
    const first = await agent.get('/admin/audit').expect(200)
    assert.match(first.text, new RegExp(`Showing 1 to 50 of ${count} events`))
    const pages = Math.ceil(Number(count) / 50)
    assert.match(first.text, new RegExp(`<title>Audit log \\(page 1 of ${pages}\\)`))
    const second = await agent.get('/admin/audit?action=role.&page=2').expect(200)
    assert.match(second.text, /Showing 51 to 60 of 60 events/)
  })

  it('is for admins only', async () => {
    assert.equal((await request(t.app).get('/admin/audit')).status, 303)
    for (const roles of [['board-member'], ['community-manager']] as const) {
      const agent = await agentFor(await createStaff(t, [...roles]))
      await agent.get('/admin/audit').expect(403)
    }
  })
})

/** The answer and count cells of one question's table on the equality page. */
function questionTable(html: string, key: string): Record<string, string> {
  const table = new RegExp(`<table[^>]*id="question-${key}"[\\s\\S]*?</table>`).exec(html)?.[0]
  assert.ok(table, `a table for ${key}`)
  const body = /<tbody[\s\S]*<\/tbody>/.exec(table)![0]
  return Object.fromEntries(
    [...body.matchAll(/<tr[\s\S]*?<\/tr>/g)].map((row) => {
      const cells = [...row[0].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim())
      return [cells[0]!, cells[1]!]
    }),
  )
}

describe('the equality monitoring report', () => {
  it('counts answers per question, hiding counts under 5 and any count that would give one back', async () => {
    // 20 responses in 2025, as the application form stores them (only answered questions).
    const sex = [...Array(8).fill('female'), ...Array(7).fill('male'), ...Array(5).fill('prefer-not-to-say')]
    const age = [...Array(15).fill('35-44'), ...Array(3).fill('under-25'), ...Array(2).fill('25-34')]
    const disability = [...Array(12).fill('no'), ...Array(3).fill('yes'), ...Array(5).fill('prefer-not-to-say')]
    for (let i = 0; i < 20; i++) {
      await t.database.dataSource.query(`INSERT INTO "equality_responses" ("submitted_month", "answers") VALUES ('2025-03-01', $1)`, [
        JSON.stringify({ sex: sex[i], age: age[i], disability: disability[i] }),
      ])
    }
    const agent = await agentFor(t.staff.admin)
    const page = await agent.get('/admin/equality').expect(200)
    assert.match(page.text, /20 people answered at least one question/)

    // Sex: "Not answered" (0) is the only count under 5. Alone, it could be worked out from the
    // total (20 − 8 − 7 − 5), so the next smallest (Prefer not to say, 5) is hidden too.
    assert.deepEqual(questionTable(page.text, 'sex'), {
      Female: '8',
      Male: '7',
      'Prefer not to say': 'not shown',
      'Not answered': 'fewer than 5',
    })
    // Age: several small counts hidden together add up to 5, so nothing more is hidden.
    assert.deepEqual(questionTable(page.text, 'age'), {
      'Under 25': 'fewer than 5',
      '25 to 34': 'fewer than 5',
      '35 to 44': '15',
      '45 to 54': 'fewer than 5',
      '55 to 64': 'fewer than 5',
      '65 or over': 'fewer than 5',
      'Prefer not to say': 'fewer than 5',
      'Not answered': 'fewer than 5',
    })
    // Disability: two small counts (3 and 0) add up to 3, itself a small count: one more is hidden.
    assert.deepEqual(questionTable(page.text, 'disability'), {
      Yes: 'fewer than 5',
      No: '12',
      'Prefer not to say': 'not shown',
      'Not answered': 'fewer than 5',
    })
    // Nobody answered: everything hidden, or "Not answered: 20" would show that nobody chose any answer.
    assert.ok(Object.values(questionTable(page.text, 'ethnicity')).every((count) => count === 'fewer than 5' || count === 'not shown'))
    // No totals row.
    assert.doesNotMatch(page.text, /<td[^>]*>\s*Total/)

    const year = await agent.get('/admin/equality?year=2025').expect(200)
    assert.deepEqual(questionTable(year.text, 'sex'), questionTable(page.text, 'sex'))
    await agent.get('/admin/equality?year=1999').expect(200)
  })

  it('hides counts that one year’s page and the all-years page together would give back', () => {
    // 2024: 6 responses, all "female". 2025: 8 female, 7 male, 5 prefer not to say.
    // Without care, 2024's hidden "male: 0" and the rest follow from all years minus 2025.
    const marks = suppressTable([
      [6, 0, 0, 0],
      [8, 7, 5, 0],
    ])
    assert.deepEqual(marks.years[0], ['secondary', 'primary', 'primary', 'primary'])
    assert.equal(marks.years[1]![0], 'secondary', '2025 female is hidden, or 2024 female = all − 2025')
    assert.equal(marks.years[1]![1], 'secondary', '2025 male is hidden, or 2024 male = all − 2025')
    assertSafe([
      [6, 0, 0, 0],
      [8, 7, 5, 0],
    ], marks)
  })

  it('never leaves a hidden count that subtraction gives back (random tables)', () => {
    let seed = 42
    const random = (max: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % max
    }
    for (let run = 0; run < 500; run++) {
      const years = 1 + random(4)
      const columns = 2 + random(7)
      const counts = Array.from({ length: years }, () => Array.from({ length: columns }, () => (random(3) === 0 ? random(5) : random(30))))
      assertSafe(counts, suppressTable(counts))
    }
  })

  it('is for admins only', async () => {
    assert.equal((await request(t.app).get('/admin/equality')).status, 303)
    for (const roles of [['board-member'], ['community-manager']] as const) {
      const agent = await agentFor(await createStaff(t, [...roles]))
      await agent.get('/admin/equality').expect(403)
    }
  })
})

/**
 * The rules a reader with every page of the report (each year and all years, and every period's
 * total) could otherwise use: every count under 5 hidden; no row or column with exactly one hidden
 * count; the hidden counts of a line with a known total never adding up to under 5 (unless the
 * whole line is hidden).
 */
function assertSafe(counts: number[][], marks: { years: Suppression[][]; allYears: Suppression[] }) {
  const all = counts[0]!.map((_, column) => counts.reduce((sum, row) => sum + row[column]!, 0))
  const grid = [...counts, all]
  const hidden = [...marks.years, marks.allYears].map((row) => row.map((mark) => mark !== 'shown'))
  const context = JSON.stringify({ counts, marks })
  grid.forEach((row, r) =>
    row.forEach((count, c) => {
      if (count < 5) assert.ok(hidden[r]![c], `count ${count} under 5 is hidden: ${context}`)
    }),
  )
  const checkLine = (cells: [number, number][], totalKnown: boolean) => {
    const hiddenCells = cells.filter(([r, c]) => hidden[r]![c])
    if (hiddenCells.length === 0 || hiddenCells.length === cells.length) return
    assert.ok(hiddenCells.length >= 2, `no line with exactly one hidden count: ${context}`)
    if (totalKnown) assert.ok(hiddenCells.reduce((sum, [r, c]) => sum + grid[r]![c]!, 0) >= 5, `hidden counts of a line add up to 5 or more: ${context}`)
  }
  grid.forEach((row, r) => checkLine(row.map((_, c) => [r, c]), true))
  if (counts.length > 1) {
    for (let c = 0; c < all.length; c++) {
      const years = counts.map((_, r) => [r, c] as [number, number])
      if (hidden[counts.length]![c]) checkLine([...years, [counts.length, c]], false)
      else checkLine(years, true)
    }
  }
}
