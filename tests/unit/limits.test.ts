import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { LIMITS, signInDelaySeconds } from '../../src/domain/limits.ts'
import { rootDir } from '../../src/paths.ts'

describe('the limits table', () => {
  it('is the one the README shows', () => {
    const readme = readFileSync(path.join(rootDir, 'README.md'), 'utf8')
    for (const [name, { limit }] of Object.entries(LIMITS)) {
      assert.match(readme, new RegExp(`\\| \`${name}\` \\| ${limit} \\|`), `README row for ${name}`)
    }
  })

  it('keeps per-network limits well above per-person ones', () => {
    assert.ok(LIMITS.linkRequestsPerIp.limit >= 50 * LIMITS.linkRequestsPerAddress.limit)
    assert.ok(LIMITS.passwordResetsPerIp.limit >= 30 * LIMITS.passwordResetsPerAddress.limit)
    assert.ok(LIMITS.applicationsPerIp.limit >= 30 * LIMITS.applicationsPerAddress.limit)
    assert.ok(LIMITS.interestRegistrationsPerIp.limit >= 30 * LIMITS.interestRegistrationsPerAddress.limit)
  })

  it('slows staff sign-in progressively after the free tries, at most 15 minutes', () => {
    assert.deepEqual([0, 4, 5, 6, 7, 20].map(signInDelaySeconds), [0, 0, 30, 60, 120, 900])
  })
})
