import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { durationInWords, sessionTimeout } from '../../src/domain/session-timeout.ts'
import { rolesInWords, staffNavigation } from '../../src/domain/staff-navigation.ts'

describe('staffNavigation', () => {
  it('lists the areas the roles open, in order, each once', () => {
    const texts = (roles: Parameters<typeof staffNavigation>[0]) => staffNavigation(roles, '/').map((item) => item.text)
    assert.deepEqual(texts([]), ['Your account'])
    assert.deepEqual(texts(['board-member']), ['Applications', 'Board', 'Reports', 'Your account'])
    assert.deepEqual(texts(['community-manager']), ['Applications', 'Onboarding', 'Reports', 'Roles', 'Your account'])
    assert.deepEqual(texts(['community-manager', 'board-member']), ['Applications', 'Board', 'Onboarding', 'Reports', 'Roles', 'Your account'])
    assert.deepEqual(texts(['admin']), ['Board', 'Users', 'Settings', 'Emails', 'Audit log', 'Your account'])
  })

  it('marks the area holding the path: current on its own page, active below it, neither for a lookalike', () => {
    const marks = (path: string) =>
      staffNavigation(['community-manager', 'admin'], path)
        .filter((item) => item.current || item.active)
        .map((item) => `${item.text}: ${item.current ? 'current' : 'active'}`)
    assert.deepEqual(marks('/review'), ['Applications: current'])
    assert.deepEqual(marks('/review/applications/PYC-4K7M-Q9TX/decision'), ['Applications: active'])
    assert.deepEqual(marks('/admin/users/invite'), ['Users: active'])
    assert.deepEqual(marks('/board'), ['Board: current'])
    assert.deepEqual(marks('/board/elections/board-election-2027/manage'), ['Board: active'])
    assert.deepEqual(marks('/boardroom'), [])
    assert.deepEqual(marks('/reviewers'), [])
    assert.deepEqual(marks('/staff'), [])
  })
})

describe('rolesInWords', () => {
  it('names one role or several, for a sentence', () => {
    assert.equal(rolesInWords(['admin']), 'the admin role')
    assert.equal(rolesInWords(['board-member', 'community-manager']), 'the board member or community manager role')
    assert.equal(rolesInWords(['board-member', 'community-manager', 'admin']), 'the board member, community manager or admin role')
  })
})

describe('the session timeout', () => {
  it('never warns for longer than the whole idle time', () => {
    assert.deepEqual(sessionTimeout({ idleMinutes: 30, timeoutWarningSeconds: 120 }), { idleSeconds: 1800, warningSeconds: 120 })
    assert.deepEqual(sessionTimeout({ idleMinutes: 0.5, timeoutWarningSeconds: 120 }), { idleSeconds: 30, warningSeconds: 30 })
  })

  it('says how long in words, whole minutes rounded up from a minute on', () => {
    assert.equal(durationInWords(1800), '30 minutes')
    assert.equal(durationInWords(61), '2 minutes')
    assert.equal(durationInWords(60), '1 minute')
    assert.equal(durationInWords(59.2), '1 minute')
    assert.equal(durationInWords(1), '1 second')
    assert.equal(durationInWords(45), '45 seconds')
  })
})
