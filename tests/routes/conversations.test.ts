import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { pickConversationTime } from '../../src/actions/conversations/pick-conversation-time.ts'
import { TimeTakenError } from '../../src/actions/conversations/conversation-locks.ts'
import { APPLICANT } from '../../src/services/audit.ts'
import { useTestApp } from '../helpers/app.ts'
import { calendarOf, futureTimes, offerTimes, shortlistedApplication, slotIdsOf } from '../helpers/conversations.ts'
import { truncateData } from '../helpers/database.ts'

const t = useTestApp({
  staff: {
    manager: { name: 'Cora Manager', roles: ['community-manager'] },
    boardA: { name: 'Bea Board', roles: ['board-member'] },
    boardB: { name: 'Ben Board', roles: ['board-member'] },
  },
})
const people = () => ({ manager: t.staff.manager, reviewers: [t.staff.boardA, t.staff.boardB] })

beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['staff_users', 'sessions'] })
  await t.database.dataSource.query(`UPDATE settings SET contact_email = 'hello@example.org' WHERE id = 1`)
})

describe('a time offered to two applicants', () => {
  it('is held by one of them only, however their picks interleave; the other is told', async () => {
    const times = futureTimes(2)
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const bob = await shortlistedApplication(t, people(), 'bob@example.org')
    const adaToken = await offerTimes(t, ada, t.staff.manager, times)
    const bobToken = await offerTimes(t, bob, t.staff.manager, times)
    const [shared] = await slotIdsOf(t, ada.id)
    assert.deepEqual(await slotIdsOf(t, bob.id), await slotIdsOf(t, ada.id), 'the same times are one slot each')

    const results = await Promise.allSettled([
      t.services.act(pickConversationTime, { token: adaToken, slotId: shared! }, APPLICANT),
      t.services.act(pickConversationTime, { token: bobToken, slotId: shared! }, APPLICANT),
    ])
    const won = results.filter((result) => result.status === 'fulfilled')
    const lost = results.filter((result) => result.status === 'rejected')
    assert.equal(won.length, 1, 'one pick holds the time')
    assert.equal(lost.length, 1)
    assert.ok((lost[0] as PromiseRejectedResult).reason instanceof TimeTakenError, 'the other is told the time has gone')
    const booked: { count: string }[] = await t.database.dataSource.query(`SELECT count(*) FROM conversations WHERE slot_id = $1 AND status = 'booked'`, [shared])
    assert.equal(booked[0]!.count, '1')
  })

  it('is refused a second booking by the database itself', async () => {
    const times = futureTimes(2)
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const bob = await shortlistedApplication(t, people(), 'bob@example.org')
    await offerTimes(t, ada, t.staff.manager, times)
    await offerTimes(t, bob, t.staff.manager, times)
    const [shared] = await slotIdsOf(t, ada.id)
    await t.database.dataSource.query(`UPDATE conversations SET status = 'booked', slot_id = $1`, [shared]).then(
      () => assert.fail('two bookings of one time were stored'),
      (error: { driverError?: { constraint?: string } }) => assert.equal(error.driverError?.constraint, 'conversations_booked_slot_key'),
    )
  })
})

describe('booking a time', () => {
  it('emails the applicant and the staff taking part a calendar invitation that a calendar parser reads', async () => {
    const ada = await shortlistedApplication(t, people(), 'ada@example.org')
    const token = await offerTimes(t, ada, t.staff.manager, futureTimes(3), { boardMemberIds: [t.staff.boardA.id] })
    const [, second] = await slotIdsOf(t, ada.id)
    const result = await t.services.act(pickConversationTime, { token, slotId: second! }, APPLICANT)
    assert.equal(result.state.kind, 'booked')
    const [conversation]: { id: string }[] = await t.database.dataSource.query(`SELECT id FROM conversations WHERE application_id = $1`, [ada.id])
    const times = futureTimes(3)
    for (const who of ['applicant', t.staff.manager.id, t.staff.boardA.id]) {
      const { method, event } = await calendarOf(t, `conversation-booked:${conversation!.id}:0:${who}`)
      assert.equal(method, 'REQUEST')
      assert.match(event.uid, new RegExp(`^${conversation!.id}@`), 'the UID is the conversation\'s')
      assert.equal(Number(event.sequence), 0)
      assert.equal(event.start.toISOString(), times[1]!.startsAt.toISOString())
      assert.equal(event.end?.toISOString(), times[1]!.endsAt.toISOString())
      assert.equal(event.location, 'https://meet.example.org/pyc')
      assert.match(JSON.stringify(event.organizer), /hello@example\.org/)
    }
    const others: { count: string }[] = await t.database.dataSource.query(`SELECT count(*) FROM email_messages WHERE key LIKE 'conversation-booked:%' AND recipient = $1`, [t.staff.boardB.email])
    assert.equal(others[0]!.count, '0', 'a board member not joining is not emailed')
  })
})
