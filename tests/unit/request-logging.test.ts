import assert from 'node:assert/strict'
import { it } from 'node:test'
import { loggablePath } from '../../src/middleware/setUpRequestLogging.ts'
import { createToken } from '../../src/services/tokens.ts'

it('logs paths without query strings or one-time tokens', () => {
  const { token } = createToken()
  assert.equal(loggablePath(`/my-application/sign-in/${token}`), '/my-application/sign-in/[token]')
  assert.equal(loggablePath(`/offer/${token}/accept`), '/offer/[token]/accept')
  assert.equal(loggablePath(`/setup?token=${token}`), '/setup')
  assert.equal(loggablePath('/roles/web-developer'), '/roles/web-developer')
  assert.equal(loggablePath('/review/applications/PYC-4K7M-Q9TX'), '/review/applications/PYC-4K7M-Q9TX')
})
