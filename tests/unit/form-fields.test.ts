import assert from 'node:assert/strict'
import { it } from 'node:test'
import { isRealDate, parseDateInput } from '../../src/forms/dates.ts'
import { parseVersion } from '../../src/forms/validation.ts'

it('reads the hidden version field, refusing anything but a whole number', () => {
  assert.equal(parseVersion({ version: '3' }), 3)
  for (const version of [undefined, '', 'x', '1.5', '-2', ['3'], '0x5']) assert.equal(parseVersion({ version }), -1, String(version))
})

it('reads an NHS date input with the service manual messages', () => {
  assert.deepEqual(parseDateInput('Closing date', { day: '', month: '', year: '' }, null), { value: null, parts: [] })
  assert.deepEqual(parseDateInput('Closing date', { day: '5', month: '1', year: '2030' }, null), { value: '2030-01-05', parts: [] })
  assert.equal(parseDateInput('Closing date', { day: '5', month: '', year: '' }, null).error, 'Closing date must include a month and year')
  assert.equal(parseDateInput('Closing date', { day: '31', month: '2', year: '2030' }, null).error, 'Closing date must be a real date')
  assert.equal(parseDateInput('Closing date', { day: '1', month: '2', year: '30' }, null).error, 'Year must include 4 numbers')
  assert.equal(parseDateInput('Closing date', { day: '1', month: '2', year: '2030' }, '2031-01-01').error, 'Closing date must be today or in the future')
})

it('checks a date from a date picker is a real one', () => {
  assert.equal(isRealDate('2028-02-29'), true)
  assert.equal(isRealDate('2027-02-29'), false)
  assert.equal(isRealDate('29/02/2028'), false)
})
