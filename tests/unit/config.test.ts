import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, loadConfig } from '../../src/config.ts'

describe('loadConfig', () => {
  it('has working defaults for a laptop', () => {
    const config = loadConfig({})
    assert.equal(config.env, 'development')
    assert.equal(config.port, 3000)
    assert.equal(config.baseUrl, 'http://localhost:3000')
    assert.equal(config.database.url, null)
    assert.equal(config.smtp.url, null)
    assert.match(config.dataDir, /\.data$/)
  })

  it('reads every documented variable', () => {
    const config = loadConfig({
      PORT: '8080',
      BASE_URL: 'https://volunteer.example.org/',
      DATABASE_URL: 'postgres://db/app',
      SMTP_URL: 'smtp://mail:1025',
      MAIL_FROM: 'Roles <roles@example.org>',
      SESSION_SECRET: 's'.repeat(40),
      NODE_ENV: 'production',
    })
    assert.equal(config.port, 8080)
    assert.equal(config.baseUrl, 'https://volunteer.example.org')
    assert.equal(config.database.url, 'postgres://db/app')
    assert.equal(config.smtp.url, 'smtp://mail:1025')
    assert.equal(config.mail.from, 'Roles <roles@example.org>')
    assert.equal(config.isProduction, true)
  })

  it('stops production start-up naming each missing setting', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), {
      name: 'ConfigError',
      message: /DATABASE_URL, SESSION_SECRET/,
    })
    assert.throws(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app' }), /SESSION_SECRET/)
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', SESSION_SECRET: 'short' }),
      ConfigError,
    )
  })

  it('refuses a port that is not a number', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT must be a whole number/)
  })

  it('decides https from BASE_URL, not from NODE_ENV', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', SESSION_SECRET: 's'.repeat(40) }
    assert.equal(loadConfig({ ...production, BASE_URL: 'http://localhost:3000' }).https, false)
    assert.equal(loadConfig({ ...production, BASE_URL: 'https://roles.example.org' }).https, true)
    assert.equal(loadConfig({ BASE_URL: 'HTTPS://roles.example.org' }).https, true)
    assert.equal(loadConfig({}).https, false)
  })

  it('refuses a BASE_URL that is not an http or https address, and an unknown LOG_FORMAT', () => {
    assert.throws(() => loadConfig({ BASE_URL: 'roles.example.org' }), /BASE_URL must start with http/)
    assert.throws(() => loadConfig({ LOG_FORMAT: 'xml' }), /LOG_FORMAT must be json, pretty or auto/)
  })

  it('reads the stop and job recovery timings', () => {
    const config = loadConfig({ SHUTDOWN_GRACE_SECONDS: '20', JOB_LOCK_TIMEOUT_SECONDS: '30' })
    assert.equal(config.shutdownGraceSeconds, 20)
    assert.equal(config.jobs.lockTimeoutSeconds, 30)
    assert.equal(loadConfig({}).jobs.lockTimeoutSeconds, 120)
  })

  it('reads the data encryption key, or derives one from the session secret', () => {
    const hex = 'ab'.repeat(32)
    assert.deepEqual(loadConfig({ DATA_ENCRYPTION_KEY: hex }).dataEncryption, { key: Buffer.from(hex, 'hex'), fromEnvironment: true })
    assert.equal(loadConfig({ DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }).dataEncryption.key.length, 32)
    assert.throws(() => loadConfig({ DATA_ENCRYPTION_KEY: 'too short' }), /DATA_ENCRYPTION_KEY must be 32 bytes/)
    const derived = loadConfig({ SESSION_SECRET: 's'.repeat(40) }).dataEncryption
    assert.equal(derived.fromEnvironment, false)
    assert.equal(derived.key.length, 32)
    assert.notDeepEqual(derived.key, loadConfig({ SESSION_SECRET: 't'.repeat(40) }).dataEncryption.key)
  })

  it('configures single sign-on from all three OIDC variables or none', () => {
    assert.equal(loadConfig({}).oidc, null)
    const oidc = loadConfig({
      OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
      OIDC_CLIENT_ID: 'client',
      OIDC_CLIENT_SECRET: 'secret',
      OIDC_ALLOWED_EMAIL_DOMAINS: 'NHS.net, nhs.uk',
    }).oidc
    assert.equal(oidc?.issuer.href, 'https://login.microsoftonline.com/tenant/v2.0')
    assert.deepEqual(oidc?.allowedEmailDomains, ['nhs.net', 'nhs.uk'])
    assert.throws(() => loadConfig({ OIDC_ISSUER: 'https://idp.example.org' }), /missing: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET/)
    assert.throws(() => loadConfig({ OIDC_ISSUER: 'not a url', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' }), /OIDC_ISSUER must be the issuer's URL/)
    assert.throws(() => loadConfig({ OIDC_ISSUER: 'https://idp.example.org', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's', OIDC_ALLOWED_EMAIL_DOMAINS: 'not a domain' }), /OIDC_ALLOWED_EMAIL_DOMAINS/)
    // A local test provider over http, but never in production.
    assert.ok(loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:4000', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' }).oidc)
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', SESSION_SECRET: 's'.repeat(40) }
    assert.throws(() => loadConfig({ ...production, OIDC_ISSUER: 'http://idp.example.org', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' }), /https address in production/)
  })
})
