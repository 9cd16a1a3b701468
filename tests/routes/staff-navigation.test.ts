// Staff find their way: the NHS header's navigation shows the areas each person's roles open
// (the current one marked), their name leads to their account, /staff says what is waiting for
// them, and a page their roles do not open says which role it needs and who can give it.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import request, { type Agent } from 'supertest'
import type { StaffRole } from '../../src/domain/staff-roles.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData } from '../helpers/database.ts'
import { addBoardReview, newExecutive, offeredApplication, submitApplication } from '../helpers/review.ts'
import { createStaff, signIn } from '../helpers/staff.ts'

const t = useTestApp({
  staff: {
    board: { name: 'Bea Board', roles: ['board-member'] },
    otherBoard: { name: 'Ben Board', roles: ['board-member'] },
    manager: { name: 'Cora Manager', roles: ['community-manager'] },
    admin: { name: 'Ada Admin', roles: ['admin'] },
    everything: { name: 'Eve Everything', roles: ['board-member', 'community-manager', 'admin'] },
  },
})

async function agentFor(user: StaffUser): Promise<Agent> {
  const agent = request.agent(t.app)
  assert.equal((await signIn(agent, user)).status, 303)
  return agent
}

interface NavigationLink {
  text: string
  href: string
  current: string | null
}

/** The header's navigation links, with their aria-current. */
function navigationOf(html: string): NavigationLink[] {
  const nav = /<nav class="nhsuk-header__navigation"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? ''
  return [...nav.matchAll(/<a class="nhsuk-header__navigation-link" href="([^"]+)"(?: aria-current="([^"]+)")?>(?:<strong[^>]*>)?([^<]+)/g)].map(
    ([, href, current, text]) => ({ href: href!, current: current ?? null, text: text!.trim() }),
  )
}

const textsOf = (html: string) => navigationOf(html).map((link) => link.text)

/** The main content without tags, spaces folded, for reading sentences. */
function mainText(html: string): string {
  const main = /<main[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? ''
  return main.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()
}

describe('the header for staff', () => {
  it('shows each person the areas their roles open, and everyone else the applicant menu', async () => {
    const visitor = await request(t.app).get('/roles').expect(200)
    assert.deepEqual(textsOf(visitor.text), ['Volunteer roles', 'Find a role that suits you', 'Your application'])

    const expected: [keyof typeof t.staff, string[]][] = [
      ['board', ['Applications', 'Board', 'Reports', 'Your account']],
      ['manager', ['Applications', 'Onboarding', 'Reports', 'Roles', 'Your account']],
      ['admin', ['Board', 'Users', 'Settings', 'Emails', 'Audit log', 'Your account']],
      ['everything', ['Applications', 'Board', 'Onboarding', 'Reports', 'Roles', 'Users', 'Settings', 'Emails', 'Audit log', 'Your account']],
    ]
    for (const [who, texts] of expected) {
      const agent = await agentFor(t.staff[who])
      const home = await agent.get('/staff').expect(200)
      assert.deepEqual(textsOf(home.text), texts, `${who}'s navigation`)
      // The same on a public page: signed-in staff keep their own menu.
      assert.deepEqual(textsOf((await agent.get('/roles').expect(200)).text), texts, `${who}'s navigation on /roles`)
      // Every area in the menu opens for them.
      for (const link of navigationOf(home.text)) await agent.get(link.href).expect(200)
    }
  })

  it('marks the current area: the page itself, or a page inside it', async () => {
    const application = await submitApplication(t, { fullName: 'Grace Hopper', email: 'grace@example.org' })
    const agent = await agentFor(t.staff.manager)
    const current = async (path: string) =>
      navigationOf((await agent.get(path).expect(200)).text)
        .filter((link) => link.current)
        .map((link) => `${link.text}: ${link.current}`)
    assert.deepEqual(await current('/staff'), [])
    assert.deepEqual(await current('/review'), ['Applications: page'])
    assert.deepEqual(await current(`/review/applications/${application.reference}`), ['Applications: true'])
    assert.deepEqual(await current('/onboarding'), ['Onboarding: page'])
    assert.deepEqual(await current('/admin/roles/new'), ['Roles: true'])
    assert.deepEqual(await current('/account'), ['Your account: page'])
    // The board's area: its page, and the pages under it.
    const member = await agentFor(t.staff.board)
    const boardCurrent = async (path: string) =>
      navigationOf((await member.get(path).expect(200)).text)
        .filter((link) => link.current)
        .map((link) => `${link.text}: ${link.current}`)
    assert.deepEqual(await boardCurrent('/board'), ['Board: page'])
    assert.deepEqual(await boardCurrent('/board/notes'), ['Board: true'])
  })

  it('links the person’s name to their account and the service name to the staff home', async () => {
    const agent = await agentFor(t.staff.board)
    const page = await agent.get('/review').expect(200)
    assert.match(page.text, /<a class="nhsuk-header__account-link" href="\/account">\s*<svg[\s\S]*?<\/svg>\s*Bea Board\s*<\/a>/)
    assert.match(page.text, /<a class="nhsuk-header__service-logo" href="\/staff"/)
    const visitor = await request(t.app).get('/roles').expect(200)
    assert.match(visitor.text, /<a class="nhsuk-header__service-logo" href="\/"/)
    assert.doesNotMatch(visitor.text, /nhsuk-header__account/)
  })
})

describe('a page the person’s roles do not open', () => {
  it('says which role it needs and who can give it', async () => {
    const board = await agentFor(t.staff.board)
    const refused = await board.get('/admin/users').expect(403)
    assert.match(refused.text, /<title>You do not have access to this page - /)
    const text = mainText(refused.text)
    assert.match(text, /Your account does not give you access to this page\. It needs the admin role\./)
    assert.match(text, /To get access, ask an admin to give you the admin role\. The admins are: Ada Admin \(ada\.admin\.\d+@example\.org\) Eve Everything/)
    assert.match(refused.text, /<a href="\/staff">Go to your staff home<\/a>/)

    const manager = await agentFor(t.staff.manager)
    assert.match(mainText((await manager.get('/admin/settings').expect(403)).text), /It needs the admin role\./)
    assert.match(mainText((await board.get('/onboarding').expect(403)).text), /It needs the community manager role\./)
  })

  it('tells an admin where to give themselves the role', async () => {
    const admin = await agentFor(t.staff.admin)
    const queue = await admin.get('/review').expect(403)
    const text = mainText(queue.text)
    assert.match(text, /It needs the board member or community manager role\./)
    assert.match(text, /As an admin, you can give yourself the board member or community manager role: change the roles on your account/)
    assert.match(queue.text, new RegExp(`<a href="/admin/users/${t.staff.admin.id}">change the roles on your account</a>`))
    assert.match(mainText((await admin.get('/onboarding').expect(403)).text), /It needs the community manager role\./)
  })

  it('still sends people who are not signed in to sign in', async () => {
    await request(t.app).get('/onboarding').expect(303).expect('Location', '/sign-in')
  })
})

describe('the staff home page', () => {
  // Only what these tests add: the applications of the tests before go.
  before(() => truncateData(t.database.dataSource, { keep: ['sessions', 'staff_users'] }))

  async function cardsFor(user: StaffUser): Promise<string> {
    const agent = await agentFor(user)
    const home = await agent.get('/staff').expect(200)
    assert.equal(home.headers['cache-control'], 'no-store')
    return mainText(home.text)
  }

  it('says when nothing is waiting', async () => {
    assert.match(await cardsFor(t.staff.board), /Reviews to do No applications are waiting for your review/)
    const manager = await cardsFor(t.staff.manager)
    assert.match(manager, /Decisions ready No applications have the 2 board reviews needed for a decision yet/)
    assert.match(manager, /Offers waiting for an answer No offers are waiting for an answer/)
    assert.match(manager, /Overdue onboarding No onboarding items are overdue/)
    assert.doesNotMatch(manager, /Reviews to do|Emails/)
    const admin = await cardsFor(t.staff.admin)
    assert.match(admin, /Emails No emails have failed to send/)
    assert.doesNotMatch(admin, /Reviews to do|Decisions ready/)
  })

  it('counts what is waiting for each person, with links to it', async () => {
    const { board, otherBoard, manager } = t.staff
    const reviewed = await submitApplication(t, { fullName: 'Rita Reviewed', email: 'rita@example.org' })
    const conflicted = await submitApplication(t, { fullName: 'Carl Conflict', email: 'carl@example.org' })
    await submitApplication(t, { fullName: 'Wendy Waiting', email: 'wendy@example.org' })
    await submitApplication(t, { fullName: 'Walt Waiting', email: 'walt@example.org' })
    const withdrawn = await submitApplication(t, { fullName: 'Will Withdrawn', email: 'will@example.org' })
    await t.database.dataSource.query(`UPDATE "applications" SET "status" = 'withdrawn' WHERE "id" = $1`, [withdrawn.id])
    // Ready for a decision: two board reviews. Not ready: one review, and a conflict.
    await addBoardReview(t, reviewed, board)
    await addBoardReview(t, reviewed, otherBoard)
    await addBoardReview(t, conflicted, otherBoard)
    await t.database.dataSource.query(`INSERT INTO "conflicts_of_interest" ("application_id", "staff_user_id") VALUES ($1, $2)`, [conflicted.id, board.id])
    // An offer waiting for its answer (its own reviews), and a new executive with two items overdue.
    const people = { manager, reviewers: [board, otherBoard] }
    // Room for the offer waiting and the new executive (a role's places are counted).
    await t.database.dataSource.query(`UPDATE "roles" SET "places" = 5 WHERE "slug" = 'web-developer'`)
    await offeredApplication(t, people, { fullName: 'Olive Offered', email: 'olive@example.org' })
    const executive = await newExecutive(t, people, { fullName: 'Ned Executive', email: 'ned@example.org' })
    await t.database.dataSource.query(`UPDATE "onboarding_items" SET "due_on" = DATE '2020-01-01' WHERE "id" = ANY($1::uuid[])`, [
      executive.items.slice(0, 2).map((item) => item.id),
    ])
    await t.database.dataSource.query(`UPDATE "email_messages" SET "status" = 'failed' WHERE "id" IN (SELECT "id" FROM "email_messages" ORDER BY "created_at" LIMIT 3)`)

    // Bea reviewed one, declared a conflict on another: the two others (and none closed) wait for her.
    const boardAgent = await agentFor(board)
    const boardHome = await boardAgent.get('/staff').expect(200)
    assert.match(mainText(boardHome.text), /Reviews to do 2 applications are waiting for your review/)
    assert.match(boardHome.text, /<a class="nhsuk-link" href="\/review\?needsMyReview=yes">2 applications are waiting for your review<\/a>/)
    await boardAgent.get('/review?needsMyReview=yes').expect(200)
    // Ben reviewed Rita's and Carl's: the same two wait for him.
    assert.match(await cardsFor(otherBoard), /Reviews to do 2 applications are waiting for your review/)

    const managerAgent = await agentFor(manager)
    const managerHome = await managerAgent.get('/staff').expect(200)
    const text = mainText(managerHome.text)
    assert.match(text, new RegExp(`Decisions ready 1 application has the 2 board reviews needed for a decision: Decide on ${reviewed.reference} \\(Web developer\\), sent \\d+ \\w+ \\d{4}`))
    assert.match(managerHome.text, new RegExp(`<a class="nhsuk-link" href="/review/applications/${reviewed.reference}/decision">Decide on ${reviewed.reference}</a>`))
    await managerAgent.get(`/review/applications/${reviewed.reference}/decision`).expect(200)
    assert.match(text, /Offers waiting for an answer 1 offer is waiting for the applicant’s answer/)
    assert.match(managerHome.text, /href="\/review\?status=offered">1 offer is waiting/)
    assert.match(text, /Overdue onboarding 2 onboarding items are overdue, for 1 new executive/)
    assert.doesNotMatch(text, /Carl Conflict|Rita Reviewed|Ned Executive/, 'counts and references only')

    const adminHome = await (await agentFor(t.staff.admin)).get('/staff').expect(200)
    assert.match(mainText(adminHome.text), /Emails 3 emails could not be sent/)
    assert.match(adminHome.text, /href="\/admin\/emails\?status=failed">3 emails could not be sent<\/a>/)

    // Someone with every role sees every card.
    const everything = await cardsFor(t.staff.everything)
    for (const heading of ['Reviews to do', 'Decisions ready', 'Offers waiting for an answer', 'Overdue onboarding', 'Emails']) assert.match(everything, new RegExp(heading))
  })

  it('names the oldest few ready for a decision, and links to the rest', async () => {
    const { board, otherBoard, manager } = t.staff
    const more: string[] = []
    for (let i = 0; i < 6; i++) {
      const application = await submitApplication(t, { fullName: `Quinn Quorum ${i}`, email: `quinn.${i}@example.org` })
      await addBoardReview(t, application, board)
      await addBoardReview(t, application, otherBoard)
      more.push(application.reference)
    }
    const agent = await agentFor(manager)
    const home = await agent.get('/staff').expect(200)
    // Seven in all with the one from the test before: five named, oldest first, and a link to the queue.
    assert.match(mainText(home.text), /7 applications have the 2 board reviews needed for a decision/)
    assert.equal([...home.text.matchAll(/>Decide on PYC-/g)].length, 5)
    assert.ok(!home.text.includes(`Decide on ${more.at(-1)}`), 'the newest is not named')
    assert.match(home.text, /<a class="nhsuk-link" href="\/review">And 2 more: see all applications, oldest first<\/a>/)
  })
})

describe('staff with a role added later', () => {
  it('see the new area in their menu at once', async () => {
    const member = await createStaff(t, ['board-member'] as StaffRole[], 'Moe Member')
    const agent = await agentFor(member)
    assert.deepEqual(textsOf((await agent.get('/staff').expect(200)).text), ['Applications', 'Board', 'Reports', 'Your account'])
    await t.database.dataSource.query(`UPDATE "staff_users" SET "roles" = ARRAY['board-member', 'community-manager'] WHERE "id" = $1`, [member.id])
    assert.deepEqual(textsOf((await agent.get('/staff').expect(200)).text), ['Applications', 'Board', 'Onboarding', 'Reports', 'Roles', 'Your account'])
  })
})
