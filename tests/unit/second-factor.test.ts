import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import {
  generateRecoveryCode,
  generateRecoveryCodes,
  groupedSecret,
  mustSetUpSecondFactor,
  normaliseRecoveryCode,
  normaliseTotpCode,
  qrPath,
} from '../../src/domain/second-factor.ts'
import { verifiedSsoEmail } from '../../src/domain/sso.ts'
import { DataEncryption } from '../../src/services/data-encryption.ts'

describe('second factor rules', () => {
  it('asks a sign-in to set up a second factor only when the policy is on and it used a password alone', () => {
    assert.equal(mustSetUpSecondFactor('password', true), true)
    assert.equal(mustSetUpSecondFactor(undefined, true), true, 'a session from before the policy is a password sign-in')
    for (const method of ['password-and-code', 'password-and-recovery-code', 'sso'] as const) assert.equal(mustSetUpSecondFactor(method, true), false)
    assert.equal(mustSetUpSecondFactor('password', false), false)
  })

  it('reads codes as people type them', () => {
    assert.equal(normaliseTotpCode('123456'), '123456')
    assert.equal(normaliseTotpCode(' 123 456 '), '123456')
    assert.equal(normaliseTotpCode('12345'), null)
    assert.equal(normaliseTotpCode('12345a'), null)
    assert.equal(normaliseRecoveryCode('4k7m q9tx rw2c'), '4K7MQ9TXRW2C')
    assert.equal(normaliseRecoveryCode('4K7M-Q9TX-RW2C'), '4K7MQ9TXRW2C')
    assert.equal(normaliseRecoveryCode('4K7M-Q9TX-RW2'), null)
    // 0, O, 1, I and L are never in a code.
    assert.equal(normaliseRecoveryCode('0K7M-Q9TX-RW2C'), null)
  })

  it('makes ten different recovery codes of 12 unambiguous characters', () => {
    const codes = generateRecoveryCodes()
    assert.equal(new Set(codes).size, 10)
    for (const code of codes) assert.match(code, /^[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$/)
    assert.equal(generateRecoveryCode(() => 0), '2222-2222-2222')
  })

  it('groups a secret in fours and draws a QR code as one path of unit squares', () => {
    assert.equal(groupedSecret('ABCDEFGHIJ'), 'ABCD EFGH IJ')
    assert.equal(qrPath([[true, false], [false, true]]), 'M0 0h1v1h-1zM1 1h1v1h-1z')
  })
})

describe('data encryption', () => {
  it('opens what it sealed, only with the same key and context, and never holds the text in clear', () => {
    const key = randomBytes(32)
    const encryption = new DataEncryption(key)
    const sealed = encryption.seal('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'staff-totp-secret:a')
    assert.ok(!sealed.includes('JBSWY3DP'))
    assert.notEqual(encryption.seal('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'staff-totp-secret:a'), sealed, 'a new IV each time')
    assert.equal(encryption.open(sealed, 'staff-totp-secret:a'), 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')
    assert.equal(encryption.open(sealed, 'staff-totp-secret:b'), null, 'copied to another person, it does not open')
    assert.equal(new DataEncryption(randomBytes(32)).open(sealed, 'staff-totp-secret:a'), null, 'another key')
    assert.equal(encryption.open(`${sealed.slice(0, -2)}AA`, 'staff-totp-secret:a'), null, 'a changed value')
  })
})

describe('the address single sign-on gives', () => {
  it('is the verified email claim, lower-cased, on an allowed domain', () => {
    assert.deepEqual(verifiedSsoEmail({ email: 'Ada.Lovelace@NHS.net', email_verified: true }, ['nhs.net']), { email: 'ada.lovelace@nhs.net' })
    assert.deepEqual(verifiedSsoEmail({ email: 'ada@leedsth.nhs.uk', email_verified: true }, ['nhs.uk']), { email: 'ada@leedsth.nhs.uk' })
    assert.deepEqual(verifiedSsoEmail({ email: 'ada@example.org', email_verified: true }, []), { email: 'ada@example.org' })
  })

  it('takes Entra ID’s xms_edov for a verified domain', () => {
    assert.deepEqual(verifiedSsoEmail({ email: 'ada@nhs.net', xms_edov: true }, ['nhs.net']), { email: 'ada@nhs.net' })
    assert.deepEqual(verifiedSsoEmail({ email: 'ada@nhs.net', xms_edov: '1' }, ['nhs.net']), { email: 'ada@nhs.net' })
  })

  it('refuses an unverified or missing address, and another domain', () => {
    assert.deepEqual(verifiedSsoEmail({ email: 'ada@nhs.net' }, []), { problem: 'no-verified-email' })
    assert.deepEqual(verifiedSsoEmail({ email: 'ada@nhs.net', email_verified: false, xms_edov: false }, []), { problem: 'no-verified-email' })
    assert.deepEqual(verifiedSsoEmail({ email_verified: true }, []), { problem: 'no-verified-email' })
    assert.deepEqual(verifiedSsoEmail({ email: 'not an address', email_verified: true }, []), { problem: 'no-verified-email' })
    assert.deepEqual(verifiedSsoEmail({ email: 'ada@notnhs.net', email_verified: true }, ['nhs.net']), { problem: 'domain-not-allowed' })
  })
})
