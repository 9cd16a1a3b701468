// The board's seats and terms: /board for board members and admins, the number of seats (an
// admin's setting), one-year terms by default on /admin/users, and the reminders 60 and 30 days
// before a board term ends, to the member and the admins, each once.
import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import request from 'supertest'
import { sendBoardTermReminder, sendBoardTermReminders } from '../../src/actions/board/send-board-term-reminders.ts'
import { dueBoardTermReminder, planBoardSeats } from '../../src/domain/board.ts'
import { addDays } from '../../src/domain/onboarding.ts'
import { SYSTEM } from '../../src/services/audit.ts'
import { todayInLondon } from '../../src/services/role.service.ts'
import { useTestApp } from '../helpers/app.ts'
import { submitForm } from '../helpers/forms.ts'
import { latestEmail } from '../helpers/offers.ts'
import { signedInAgent } from '../helpers/staff.ts'

const t = useTestApp({
  staff: {
    bea: { name: 'Bea Board', roles: ['board-member'] },
    ben: { name: 'Ben Board', roles: ['board-member'] },
    cal: { name: 'Cal Board', roles: ['board-member'] },
    cora: { name: 'Cora Manager', roles: ['community-manager'] },
    ada: { name: 'Ada Admin', roles: ['admin'] },
    alan: { name: 'Alan Admin', roles: ['admin'] },
  },
})
const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.database.dataSource.query(sql, params)
const today = () => todayInLondon()

const agentFor = (user: { email: string }) => signedInAgent(t.app, user)

async function setTerm(id: string, startsIn: number | null, endsIn: number | null): Promise<void> {
  await query(`UPDATE staff_users SET board_term_starts_on = $2::date, board_term_ends_on = $3::date WHERE id = $1`, [
    id,
    startsIn === null ? null : addDays(today(), startsIn),
    endsIn === null ? null : addDays(today(), endsIn),
  ])
}

beforeEach(async () => {
  await query(`DELETE FROM board_term_reminders`)
  await query(`DELETE FROM email_messages`)
  await query(`UPDATE board_settings SET seats = 5`)
  await query(`UPDATE staff_users SET board_term_starts_on = NULL, board_term_ends_on = NULL, show_on_team = false, active = true`)
})

describe('planBoardSeats', () => {
  const member = (name: string, termStartsOn: string | null, termEndsOn: string | null) => ({ id: name, name, termStartsOn, termEndsOn, showOnTeam: false })
  it('seats current terms, the soonest to end first, and lists the rest apart', () => {
    const plan = planBoardSeats(
      [member('Late', '2026-01-01', '2026-12-31'), member('Soon', '2026-01-01', '2026-06-30'), member('Open', null, null), member('Past', '2025-01-01', '2025-12-31'), member('Next', '2027-01-01', '2027-12-31')],
      3,
      '2026-03-01',
    )
    assert.deepEqual(plan.seats.map((seat) => seat.member?.name ?? null), ['Soon', 'Late', null])
    assert.equal(plan.vacant, 1)
    assert.deepEqual(plan.others.map((each) => [each.name, each.state]), [['Open', 'no-dates'], ['Past', 'ended'], ['Next', 'not-started']])
    assert.deepEqual(planBoardSeats([member('A', null, '2026-12-31'), member('B', null, '2026-11-30')], 1, '2026-03-01').overSeats.map((each) => each.name), ['A'])
  })

  it('says which reminder is due: the shortest lead time the end is within', () => {
    assert.equal(dueBoardTermReminder('2026-05-01', '2026-01-01'), null)
    assert.equal(dueBoardTermReminder('2026-03-02', '2026-01-01'), 60)
    assert.equal(dueBoardTermReminder('2026-01-31', '2026-01-01'), 30)
    assert.equal(dueBoardTermReminder('2026-01-01', '2026-01-01'), 30)
    assert.equal(dueBoardTermReminder('2025-12-31', '2026-01-01'), null)
  })
})

describe('/board', () => {
  it('shows board members and admins the seats, each term, and who the team page lists', async () => {
    await setTerm(t.staff.bea.id, -100, 265)
    await setTerm(t.staff.ben.id, -300, 65)
    await setTerm(t.staff.cal.id, -400, -35)
    await query(`UPDATE staff_users SET show_on_team = true WHERE id = ANY($1::uuid[])`, [[t.staff.bea.id, t.staff.cal.id]])
    await query(`UPDATE board_settings SET seats = 3`)

    for (const user of [t.staff.bea, t.staff.ada]) {
      const page = await (await agentFor(user)).get('/board').expect(200)
      assert.match(page.text, /<title>The board - /)
      assert.match(page.text, /The board has 3 seats/)
      // Ben's term ends first, so his is seat 1; Cal's has ended, so he holds none.
      const seats = [...textOf(page.text).matchAll(/Seat Seat (\d) Held by (\w+(?: Board)?)/g)].map((match) => [match[1], match[2]])
      assert.deepEqual(seats, [['1', 'Ben Board'], ['2', 'Bea Board'], ['3', 'Vacant']])
      assert.match(textOf(page.text), /Seat 1 Held by Ben Board Term .+ Listed on the team page No Seat Seat 2 Held by Bea Board Term .+ Listed on the team page Yes/)
      assert.match(page.text, /1 seat is vacant/)
      assert.match(page.text, /Other board members[\s\S]*Cal Board[\s\S]*Term ended/)
      assert.match(page.text, new RegExp(`${formatDay(addDays(today(), -100))} to ${formatDay(addDays(today(), 265))}`))
    }
    const adminPage = await (await agentFor(t.staff.ada)).get('/board').expect(200)
    assert.match(adminPage.text, /href="\/board\/seats"/)
    const memberPage = await (await agentFor(t.staff.bea)).get('/board').expect(200)
    assert.doesNotMatch(memberPage.text, /href="\/board\/seats"/)
  })

  it('is not for community managers or visitors', async () => {
    await (await agentFor(t.staff.cora)).get('/board').expect(403)
    await request(t.app).get('/board').expect(303).expect('Location', '/sign-in')
  })

  it('admins change the number of seats; a wrong number is explained and changes nothing', async () => {
    const admin = await agentFor(t.staff.ada)
    for (const [typed, message] of [
      ['', 'Enter the number of seats on the board'],
      ['two', 'The number of seats must be a whole number, like 5'],
      ['0', 'The number of seats must be between 1 and 30'],
      ['31', 'The number of seats must be between 1 and 30'],
    ] as const) {
      const response = await submitForm(admin, '/board/seats', { seats: typed })
      assert.equal(response.status, 400)
      assert.match(response.text, /<title>Error: How many seats does the board have\? - /)
      assert.match(response.text, new RegExp(`<a href="#seats">\\s*${message}\\s*</a>`))
      assert.match(response.text, new RegExp(`value="${typed}"`))
    }
    assert.deepEqual(await query(`SELECT seats FROM board_settings`), [{ seats: 5 }])

    const saved = await submitForm(admin, '/board/seats', { seats: '7' })
    assert.equal(saved.status, 303)
    assert.equal(saved.headers.location, '/board')
    assert.match((await admin.get('/board').expect(200)).text, /The board now has 7 seats[\s\S]*The board has 7 seats/)
    const [audit] = await query<{ actor_id: string; note: string }>(`SELECT actor_id, note FROM audit_events WHERE action = 'board.seats-changed'`)
    assert.deepEqual(audit, { actor_id: t.staff.ada.id, note: '5 -> 7' })

    // A board member may look, not change.
    const member = await agentFor(t.staff.bea)
    assert.equal((await submitForm(member, '/board/seats', { seats: '3' }, { from: '/board' })).status, 403)
    assert.deepEqual(await query(`SELECT seats FROM board_settings`), [{ seats: 7 }])
  })

  it('uses the default number of seats when the setting row is missing', async () => {
    await query(`DELETE FROM board_settings`)
    try {
      assert.match((await (await agentFor(t.staff.ada)).get('/board').expect(200)).text, /The board has 5 seats/)
      assert.equal((await submitForm(await agentFor(t.staff.ada), '/board/seats', { seats: '4' })).status, 303)
      assert.deepEqual(await query(`SELECT seats FROM board_settings`), [{ seats: 4 }])
    } finally {
      await query(`INSERT INTO board_settings (id) VALUES (1) ON CONFLICT DO NOTHING`)
    }
  })
})

describe('board terms on /admin/users', () => {
  it('last one year from the start unless the admin gives an end', async () => {
    const admin = await agentFor(t.staff.ada)
    const start = '2026-04-01'
    const invited = await submitForm(admin, '/admin/users/invite', { name: 'Nia New', email: 'nia.new@example.org', roles: 'board-member', boardTermStartsOn: start })
    assert.equal(invited.status, 303)
    assert.deepEqual(await query(`SELECT board_term_starts_on::text AS s, board_term_ends_on::text AS e FROM staff_users WHERE email = 'nia.new@example.org'`), [{ s: start, e: '2027-04-01' }])
    const changed = await submitForm(admin, `/admin/users/${t.staff.cal.id}`, { name: 'Cal Board', roles: 'board-member', boardTermStartsOn: start, boardTermEndsOn: '2026-12-31' })
    assert.equal(changed.status, 303)
    assert.deepEqual(await query(`SELECT board_term_ends_on::text AS e FROM staff_users WHERE id = $1`, [t.staff.cal.id]), [{ e: '2026-12-31' }])
  })
})

describe('board term reminders', () => {
  const sent = () =>
    query<{ template: string; recipient: string }>(`SELECT template, recipient FROM email_messages WHERE template LIKE 'board-term-ending%' ORDER BY template, recipient`).then((rows) =>
      rows.map((row) => [row.template, row.recipient]),
    )
  const everyone = (member: { email: string }) => [['board-term-ending', member.email], ...[t.staff.ada.email, t.staff.alan.email].sort().map((email) => ['board-term-ending-admin', email])]

  it('go 60 and then 30 days ahead to the member and every admin, each once however often the task runs', async () => {
    await setTerm(t.staff.bea.id, -300, 90)
    assert.equal(await sendBoardTermReminders(t.services), 0, 'not yet')
    await setTerm(t.staff.bea.id, -300, 45)
    assert.equal(await sendBoardTermReminders(t.services), 1)
    assert.equal(await sendBoardTermReminders(t.services), 0)
    assert.deepEqual(await sent(), everyone(t.staff.bea))
    const toBea = await latestEmail(t, t.staff.bea.email, 'board-term-ending')
    assert.match(toBea.subject, /^Your board term ends on /)
    assert.match(toBea.text_body, /Your board term ends in 60 days/)
    assert.match(toBea.text_body, /http:\/\/localhost:3000\/board\n/)
    const toAdmin = await latestEmail(t, t.staff.ada.email, 'board-term-ending-admin')
    assert.match(toAdmin.subject, /^Bea Board’s board term ends on /)
    assert.match(toAdmin.text_body, new RegExp(`/admin/users/${t.staff.bea.id}`))

    // 15 days on, the end is 30 days ahead: the second reminder, once.
    const later = new Date(Date.now() + 15 * 24 * 60 * 60 * 1000)
    assert.equal(await sendBoardTermReminders(t.services, later), 1)
    assert.equal(await sendBoardTermReminders(t.services, later), 0)
    assert.equal((await sent()).length, 6)
    assert.match((await latestEmail(t, t.staff.bea.email, 'board-term-ending')).text_body, /ends in 30 days/)
    assert.deepEqual(
      await query(`SELECT days_before FROM board_term_reminders WHERE staff_user_id = $1 ORDER BY days_before`, [t.staff.bea.id]),
      [{ days_before: 30 }, { days_before: 60 }],
    )
    assert.equal((await query(`SELECT 1 FROM audit_events WHERE action = 'board.term-reminder-sent' AND subject_id = $1`, [t.staff.bea.id])).length, 2)
  })

  it('a term set to end within 30 days gets only the 30-day email; a new end date is reminded again', async () => {
    await setTerm(t.staff.ben.id, -300, 20)
    assert.equal(await sendBoardTermReminders(t.services), 1)
    assert.equal(await sendBoardTermReminders(t.services), 0)
    assert.match((await latestEmail(t, t.staff.ben.email, 'board-term-ending')).text_body, /ends in 30 days/)
    assert.equal((await sent()).length, 3)
    await setTerm(t.staff.ben.id, -300, 25)
    assert.equal(await sendBoardTermReminders(t.services), 1)
    assert.equal((await sent()).length, 6)
  })

  it('skip deactivated accounts, staff without the board-member role, and ended terms', async () => {
    await setTerm(t.staff.bea.id, -300, 10)
    await query(`UPDATE staff_users SET active = false WHERE id = $1`, [t.staff.bea.id])
    await setTerm(t.staff.cora.id, -300, 10)
    await setTerm(t.staff.cal.id, -400, -1)
    assert.equal(await sendBoardTermReminders(t.services), 0)
    assert.deepEqual(await sent(), [])
  })

  it('two runs at the same moment send once', async () => {
    await setTerm(t.staff.bea.id, -300, 40)
    await setTerm(t.staff.ben.id, -300, 15)
    const results = await Promise.all([sendBoardTermReminders(t.services), sendBoardTermReminders(t.services)])
    assert.equal(results[0] + results[1], 2)
    const racing = await Promise.all([1, 2, 3].map(() => t.services.act(sendBoardTermReminder, { staffUserId: t.staff.bea.id }, SYSTEM)))
    assert.deepEqual(racing, [false, false, false])
    assert.equal((await sent()).length, 6)
  })
})

/** A page's text without its markup, spaces collapsed. */
function textOf(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')
}

function formatDay(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(new Date(`${date}T12:00:00Z`))
}
