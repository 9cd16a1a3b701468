import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CONVERSATION_MACHINE, formatTimeRange, londonInstant, parseTime } from '../../src/domain/conversation.ts'
import { IllegalTransitionError, nextStatus } from '../../src/domain/status-machine.ts'
import { parseConversationOffer } from '../../src/forms/conversation.ts'
import { calendarAttachment } from '../../src/mail/calendar.ts'
import { parseCalendar } from '../helpers/conversations.ts'

describe('conversation times', () => {
  it('are read as people type them', () => {
    assert.equal(parseTime('6:30pm'), '18:30')
    assert.equal(parseTime('6.30 PM'), '18:30')
    assert.equal(parseTime('18:30'), '18:30')
    assert.equal(parseTime('7pm'), '19:00')
    assert.equal(parseTime('12am'), '00:00')
    assert.equal(parseTime('midday'), '12:00')
    for (const unreal of ['6', '25:00', '13pm', '6:75', 'teatime', '']) assert.equal(parseTime(unreal), null, unreal)
  })

  it('are UK wall-clock times, in winter and in summer; the hour skipped in spring does not exist', () => {
    assert.equal(londonInstant('2026-12-08', '18:30')?.toISOString(), '2026-12-08T18:30:00.000Z')
    assert.equal(londonInstant('2026-07-07', '18:30')?.toISOString(), '2026-07-07T17:30:00.000Z')
    assert.equal(londonInstant('2026-03-29', '01:30'), null)
  })

  it('are shown with the day name, in the NHS style', () => {
    const startsAt = new Date('2026-12-08T18:30:00Z')
    assert.equal(formatTimeRange({ startsAt, endsAt: new Date('2026-12-08T18:50:00Z') }), 'Tuesday 8 December 2026, 6:30pm to 6:50pm')
    assert.equal(formatTimeRange({ startsAt: new Date('2026-07-07T11:00:00Z'), endsAt: new Date('2026-07-07T11:30:00Z') }), 'Tuesday 7 July 2026, midday to 12:30pm')
  })
})

describe('the conversation status machine', () => {
  it('books once, moves only a booking, and cancels anything still in progress', () => {
    assert.equal(nextStatus(CONVERSATION_MACHINE, 'offered', 'pick'), 'booked')
    assert.equal(nextStatus(CONVERSATION_MACHINE, 'booked', 'reschedule'), 'booked')
    assert.equal(nextStatus(CONVERSATION_MACHINE, 'none_suit', 'cancel'), 'cancelled')
    assert.throws(() => nextStatus(CONVERSATION_MACHINE, 'booked', 'pick'), IllegalTransitionError)
    assert.throws(() => nextStatus(CONVERSATION_MACHINE, 'cancelled', 'cancel'), IllegalTransitionError)
    assert.deepEqual([...CONVERSATION_MACHINE.groups.LIVE!], ['offered', 'booked', 'none_suit'])
  })
})

describe('the offering form', () => {
  const now = new Date('2026-12-01T12:00:00Z')
  const fields = (times: [string, string, string, string][]) =>
    Object.fromEntries(times.flatMap(([day, month, year, time], index) => Object.entries({ day, month, year, time }).map(([part, value]) => [`slot${index + 1}-${part}`, value])))

  it('makes each time its London instant and the length chosen', () => {
    const parsed = parseConversationOffer({ ...fields([['8', '12', '2026', '6:30pm'], ['9', '12', '2026', '12:30']]), duration: '20', how: 'phone' }, { now, boardMemberIds: [] })
    assert.deepEqual(parsed.errors, {})
    assert.deepEqual(parsed.ranges.map((range) => [range.startsAt.toISOString(), range.endsAt.toISOString()]), [
      ['2026-12-08T18:30:00.000Z', '2026-12-08T18:50:00.000Z'],
      ['2026-12-09T12:30:00.000Z', '2026-12-09T12:50:00.000Z'],
    ])
  })

  it('wants a https link for a video call and an address in person, and keeps only board members it knows', () => {
    const times = fields([['8', '12', '2026', '6:30pm'], ['9', '12', '2026', '12:30']])
    assert.equal(parseConversationOffer({ ...times, duration: '20', how: 'video', videoLink: 'http://meet.example.org' }, { now, boardMemberIds: [] }).errors.videoLink, 'Enter a link to the video call that starts with https://')
    assert.equal(parseConversationOffer({ ...times, duration: '20', how: 'in_person' }, { now, boardMemberIds: [] }).errors.address, 'Enter the address')
    assert.deepEqual(parseConversationOffer({ ...times, duration: '20', how: 'phone', boardMemberIds: ['a', 'b'] }, { now, boardMemberIds: ['a'] }).values.boardMemberIds, ['a'])
  })
})

describe('calendar files', () => {
  const event = {
    conversationId: '0b8c7a0e-4d6f-4bd4-9a40-1b2c3d4e5f60',
    startsAt: new Date('2026-12-08T18:30:00Z'),
    endsAt: new Date('2026-12-08T18:50:00Z'),
    title: 'Conversation with the NHS Python Community',
    description: 'A short, informal conversation',
    location: 'https://meet.example.org/pyc',
    organiser: { name: 'NHS Python Community', email: 'hello@example.org' },
    attendees: [{ name: 'Ada Lovelace', email: 'ada@example.org' }],
  }

  it('request and cancel the same event, by UID and SEQUENCE, as a real parser reads them', () => {
    const request = calendarAttachment({ ...event, sequence: 0, method: 'REQUEST' }, 'https://roles.example.org')
    const cancel = calendarAttachment({ ...event, sequence: 2, method: 'CANCEL' }, 'https://roles.example.org')
    assert.equal(request.contentType, 'text/calendar; charset=utf-8; method=REQUEST')
    const first = parseCalendar(request.content)
    const last = parseCalendar(cancel.content)
    assert.equal(first.method, 'REQUEST')
    assert.equal(last.method, 'CANCEL')
    assert.equal(first.event.uid, '0b8c7a0e-4d6f-4bd4-9a40-1b2c3d4e5f60@roles.example.org')
    assert.equal(last.event.uid, first.event.uid)
    assert.equal(Number(last.event.sequence), 2)
    assert.equal(last.event.status, 'CANCELLED')
    assert.equal(first.event.start.toISOString(), '2026-12-08T18:30:00.000Z')
    assert.equal(first.event.location, 'https://meet.example.org/pyc')
    assert.match(JSON.stringify(first.event.organizer), /hello@example\.org/)
  })
})
