import assert from 'node:assert/strict'
import { it } from 'node:test'
import { formatDate, formatDateTime } from '../../src/views/helpers.ts'

it('formats dates the NHS way', () => {
  assert.equal(formatDate('2026-11-26'), '26 November 2026')
  assert.equal(formatDate(new Date('2026-06-01T23:30:00Z')), '2 June 2026')
  assert.equal(formatDate(null), '')
})

it('formats times the NHS way, in UK time', () => {
  assert.equal(formatDateTime(new Date('2026-11-26T16:05:00Z')), '26 November 2026 at 4:05pm')
  assert.equal(formatDateTime(new Date('2026-07-01T11:00:00Z')), '1 July 2026 at midday')
  assert.equal(formatDateTime(new Date('2026-01-15T09:30:00Z')), '15 January 2026 at 9:30am')
})
