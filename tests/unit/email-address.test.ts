import assert from 'node:assert/strict'
import { it } from 'node:test'
import { isEmail } from '../../src/domain/text.ts'

it('takes the addresses people have', () => {
  for (const address of [
    'ada@example.org',
    'ada.lovelace@nhs.net',
    'a.b-c+tag@mail.barts-health.nhs.uk',
    "o'brien@example.co.uk",
    'x@a.io',
    `${'a'.repeat(64)}@example.org`,
  ]) {
    assert.ok(isEmail(address), address)
  }
})

it('refuses addresses no mail server would take, which would only be retried and fail', () => {
  for (const address of [
    '',
    'ada',
    'ada@',
    '@example.org',
    'ada@localhost',
    'ada lovelace@example.org',
    'ada@example..org',
    'ada@-example.org',
    'ada@example-.org',
    '.ada@example.org',
    'ada.@example.org',
    'ada..lovelace@example.org',
    'ada@exa_mple.org',
    'ada@@example.org',
    'ada@example.org>',
    '"ada"@example.org',
    'ada@[127.0.0.1]',
    'ada@exämple.org',
    `${'a'.repeat(65)}@example.org`,
    `a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(63)}.org`,
  ]) {
    assert.ok(!isEmail(address), address)
  }
})
