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
      name: 'Error',
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
})
