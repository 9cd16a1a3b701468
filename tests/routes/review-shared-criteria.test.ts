// An application to two roles whose criteria overlap ("Can give about 2 hours a week" is on
// every role): the board scores a shared criterion once, and that one score counts for both
// roles, in the averages, the queue and the stored review. Blind review and conflicts of
// interest work as for any other application.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request, { type Agent, type Response } from 'supertest'
import { InvalidReviewError, recordReview } from '../../src/actions/review/record-review.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import { useTestApp } from '../helpers/app.ts'
import { csrfTokenFrom } from '../helpers/forms.ts'
import { submitApplication, type SubmittedApplication } from '../helpers/review.ts'
import { signIn } from '../helpers/staff.ts'

const t = useTestApp({
  staff: {
    grace: { name: 'Grace Hopper', roles: ['board-member'] },
    alan: { name: 'Alan Turing', roles: ['board-member'] },
    manager: { name: 'Cora Manager', roles: ['community-manager'] },
  },
})

const url = (reference: string) => `/review/applications/${reference}`

async function signedIn(user: StaffUser): Promise<Agent> {
  const agent = request.agent(t.app)
  assert.equal((await signIn(agent, user)).status, 303)
  return agent
}

function scoreNames(page: Response): string[] {
  return [...new Set([...page.text.matchAll(/name="(score-[^"]+)"/g)].map((match) => match[1]!))]
}

/** Every criterion `score`, except those given in `fields`. */
async function postReview(agent: Agent, reference: string, fields: Record<string, string> = {}, score = '3'): Promise<Response> {
  const page = await agent.get(url(reference)).expect(200)
  const body = { _csrf: csrfTokenFrom(page), ...Object.fromEntries(scoreNames(page).map((name) => [name, score])), recommendation: 'appoint', ...fields }
  return agent.post(`${url(reference)}/review`).type('form').send(body)
}

async function storedScores(application: SubmittedApplication, reviewer: StaffUser): Promise<Record<string, Record<string, { score: number; note: string | null }>>> {
  const [row] = await t.database.dataSource.query(`SELECT scores FROM reviews WHERE application_id = $1 AND reviewer_id = $2`, [application.id, reviewer.id])
  return row.scores
}

async function roleIds(application: SubmittedApplication): Promise<[string, string]> {
  const rows: { id: string }[] = await t.database.dataSource.query(`SELECT id FROM application_roles WHERE application_id = $1 ORDER BY preference`, [application.id])
  return [rows[0]!.id, rows[1]!.id]
}

const twoRoles = { roles: ['web-developer', 'content-manager'] }

describe('criteria two roles share', () => {
  it('are scored once, above each role’s own, and the score and note count for both roles', async () => {
    const application = await submitApplication(t, { ...twoRoles, email: 'ada.shared@example.org' })
    const grace = await signedIn(t.staff.grace)
    const page = await grace.get(url(application.reference)).expect(200)
    const names = scoreNames(page)
    assert.deepEqual(names.slice(0, 2), ['score-1-commitment', 'score-1-enthusiasm'], 'the shared criteria come first')
    assert.equal(names.filter((name) => name.endsWith('-commitment')).length, 1, '“Can give about 2 hours a week” once')
    const sharedPart = page.text.slice(page.text.indexOf('For both roles: Web developer and Content manager'), page.text.indexOf('Keen to develop HTML/CSS skills'))
    assert.match(sharedPart, /Score each once: the score counts for both\./)
    assert.match(sharedPart, /Can give about 2 hours a week/)
    assert.match(sharedPart, /<span class="nhsuk-u-visually-hidden"> \(Web developer and Content manager\)<\/span>/, 'screen readers hear which roles a score counts for')

    const saved = await postReview(grace, application.reference, { 'score-1-commitment': '5', 'note-1-commitment': 'Said Tuesdays suit' })
    assert.equal(saved.status, 303)
    const [web, content] = await roleIds(application)
    const scores = await storedScores(application, t.staff.grace)
    assert.deepEqual(scores[web]!.commitment, { score: 5, note: 'Said Tuesdays suit' })
    assert.deepEqual(scores[content]!.commitment, { score: 5, note: 'Said Tuesdays suit' })
    assert.deepEqual(Object.keys(scores[web]!).sort(), ['commitment', 'enthusiasm', 'github', 'learning-web', 'nhs-template'])
    assert.deepEqual(Object.keys(scores[content]!).sort(), ['commitment', 'enthusiasm', 'helping-publish', 'social-media', 'writing'])

    // Each role's averages include the shared score.
    const afterwards = (await grace.get(url(application.reference)).expect(200)).text
    for (const role of ['Web developer', 'Content manager']) {
      const table = afterwards.slice(afterwards.indexOf(`Average scores: ${role}`))
      assert.match(table.slice(0, table.indexOf('</table>')), /Can give about 2 hours a week[\s\S]*?Average score <\/span>5\.0/, role)
    }
    // Coming back to change it, the one field shows the saved score.
    assert.match(afterwards, /name="score-1-commitment" type="radio" value="5" checked/)
    assert.match(afterwards, /Said Tuesdays suit<\/textarea>/)
  })

  it('refuses a form that scores a shared criterion under the second role, as a stale or tampered sheet', async () => {
    const application = await submitApplication(t, { ...twoRoles, email: 'ada.stale@example.org' })
    const alan = await signedIn(t.staff.alan)
    const stale = await postReview(alan, application.reference, { 'score-2-commitment': '1' })
    assert.equal(stale.status, 400)
    assert.match(stale.text, /The scores sent do not match this application’s criteria/)
    const [row] = await t.database.dataSource.query(`SELECT count(*)::int AS count FROM reviews WHERE application_id = $1`, [application.id])
    assert.equal(row.count, 0)
  })

  it('refuses, in the action itself, one criterion scored differently for the two roles', async () => {
    const application = await submitApplication(t, { ...twoRoles, email: 'ada.differs@example.org' })
    const [web, content] = await roleIds(application)
    const sheet = { web: ['commitment', 'enthusiasm', 'learning-web', 'github', 'nhs-template'], content: ['commitment', 'enthusiasm', 'helping-publish', 'writing', 'social-media'] }
    const scoresFor = (keys: string[], commitment: number) => Object.fromEntries(keys.map((key) => [key, { score: key === 'commitment' ? commitment : 3, note: null }]))
    await assert.rejects(
      t.services.act(
        recordReview,
        {
          reference: application.reference,
          member: t.staff.alan,
          review: { scores: { [web]: scoresFor(sheet.web, 5), [content]: scoresFor(sheet.content, 2) }, recommendation: 'maybe', comment: null },
        },
        { type: 'staff', id: t.staff.alan.id },
      ),
      (error: unknown) => error instanceof InvalidReviewError && JSON.stringify(error.problems).includes('"differs"'),
    )
  })

  it('keep blind review and conflicts of interest as they are', async () => {
    const application = await submitApplication(t, { ...twoRoles, email: 'ada.blind@example.org', fullName: 'Ada Blindreview' })
    const grace = await signedIn(t.staff.grace)
    const page = await grace.get(url(application.reference)).expect(200)
    assert.doesNotMatch(page.text, /Ada Blindreview|ada\.blind@example\.org/)
    assert.match(page.text, /Hidden until shortlisted/)

    assert.equal((await postReview(grace, application.reference, {}, '4')).status, 303)
    const confirm = await grace.get(`${url(application.reference)}/conflict`).expect(200)
    await grace.post(`${url(application.reference)}/conflict`).type('form').send({ _csrf: csrfTokenFrom(confirm), reason: 'A friend' }).expect(303)
    const recused = await grace.get(url(application.reference)).expect(200)
    assert.equal(scoreNames(recused).length, 0, 'no score sheet once recused')
    assert.doesNotMatch(recused.text, /Average scores/)
  })
})
