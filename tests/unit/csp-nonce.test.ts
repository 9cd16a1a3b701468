import assert from 'node:assert/strict'
import { it } from 'node:test'
import { newNonce } from '../../src/middleware/setUpSecurityHeaders.ts'

it('gives every response a nonce of its own, 16 random bytes, across refills of the random pool', () => {
  const nonces = Array.from({ length: 3000 }, newNonce)
  assert.equal(new Set(nonces).size, nonces.length)
  for (const nonce of nonces) assert.equal(Buffer.from(nonce, 'base64').length, 16)
})
