// Every status machine is well formed: labels for every status, transitions and groups that name
// only known statuses, and every status reachable from where a record starts.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { APPLICATION_MACHINE, statusAfterErasure, type ApplicationStatus } from '../../src/domain/application-status.ts'
import { BOARD_NOTE_MACHINE } from '../../src/domain/board-note-status.ts'
import { ELECTION_ROUND_MACHINE } from '../../src/domain/election-round-status.ts'
import { NOMINATION_MACHINE } from '../../src/domain/nomination-status.ts'
import { EXECUTIVE_MACHINE } from '../../src/domain/executive-status.ts'
import { ROLE_MACHINE } from '../../src/domain/role-status.ts'
import { INTEREST_MACHINE } from '../../src/domain/interest.ts'
import { ROUND_MACHINE } from '../../src/domain/round-status.ts'
import { IllegalTransitionError, nextStatus, type StatusMachine } from '../../src/domain/status-machine.ts'

const MACHINES: StatusMachine<string, string>[] = [APPLICATION_MACHINE, ROLE_MACHINE, EXECUTIVE_MACHINE, INTEREST_MACHINE, BOARD_NOTE_MACHINE, ELECTION_ROUND_MACHINE, NOMINATION_MACHINE, ROUND_MACHINE]

function reachableFrom<S extends string>(machine: StatusMachine<S, string>): Set<S> {
  const seen = new Set<S>([machine.initial])
  const moves = Object.values<{ from: readonly S[]; to: S }>(machine.transitions)
  for (let grew = true; grew; ) {
    grew = false
    for (const move of moves) {
      if (!seen.has(move.to) && move.from.some((from) => seen.has(from))) {
        seen.add(move.to)
        grew = true
      }
    }
  }
  return seen
}

for (const machine of MACHINES) {
  describe(`the ${machine.subject} status machine`, () => {
    const known = new Set(machine.statuses)

    it('has each status once, and a label for each', () => {
      assert.equal(known.size, machine.statuses.length, 'no status is listed twice')
      assert.deepEqual(Object.keys(machine.labels).sort(), [...machine.statuses].sort())
      for (const status of machine.statuses) assert.ok(machine.labels[status]!.trim().length > 0, `${status} has a label`)
    })

    it('moves only between known statuses, from at least one', () => {
      assert.ok(known.has(machine.initial), `starts in a known status (${machine.initial})`)
      for (const [event, move] of Object.entries(machine.transitions)) {
        assert.ok(move.from.length > 0, `${event} starts from somewhere`)
        for (const from of move.from) assert.ok(known.has(from), `${event} starts from a known status (${from})`)
        assert.ok(known.has(move.to), `${event} ends in a known status (${move.to})`)
      }
    })

    it('can reach every status from where a record starts', () => {
      assert.deepEqual([...reachableFrom(machine)].sort(), [...machine.statuses].sort())
    })

    it('has named groups that are non-empty sets of its statuses', () => {
      assert.ok(Object.keys(machine.groups).length > 0)
      for (const [name, group] of Object.entries(machine.groups)) {
        assert.ok(group.length > 0, `${name} is not empty`)
        assert.equal(new Set(group).size, group.length, `${name} lists each status once`)
        for (const status of group) assert.ok(known.has(status), `${name} holds only known statuses (${status})`)
      }
    })
  })
}

describe('the application groups', () => {
  const { groups, statuses } = APPLICATION_MACHINE

  it('splits open and closed applications without overlap', () => {
    for (const status of groups.OPEN!) assert.ok(!groups.CLOSED!.includes(status), `${status} is not both open and closed`)
  })

  it('takes reviews only while open, and never shows identity under blind review while it does', () => {
    for (const status of groups.REVIEWABLE!) {
      assert.ok(groups.OPEN!.includes(status), `${status} is open`)
      assert.ok(!groups.IDENTITY_VISIBLE!.includes(status), `${status} hides identity in the queue and on the review page`)
    }
  })

  it('shows identity in the queue only after a shortlisting', () => {
    assert.deepEqual(
      statuses.filter((status) => !groups.IDENTITY_VISIBLE!.includes(status)),
      ['submitted', 'in_review', 'unsuccessful', 'withdrawn'],
    )
  })
})

describe('transitions refuse what the table does not allow', () => {
  it('for applications', () => {
    assert.equal(nextStatus(APPLICATION_MACHINE, 'submitted', 'first_review'), 'in_review')
    assert.throws(() => nextStatus(APPLICATION_MACHINE, 'withdrawn', 'withdraw'), IllegalTransitionError)
  })

  it('for roles', () => {
    assert.equal(nextStatus(ROLE_MACHINE, 'draft', 'open'), 'open')
    assert.throws(() => nextStatus(ROLE_MACHINE, 'archived', 'open'), IllegalTransitionError)
  })

  it('for executives', () => {
    assert.equal(nextStatus(EXECUTIVE_MACHINE, 'onboarding', 'activate'), 'active')
    assert.equal(nextStatus(EXECUTIVE_MACHINE, 'active', 'end_term'), 'ended')
    assert.throws(() => nextStatus(EXECUTIVE_MACHINE, 'ended', 'end_term'), IllegalTransitionError)
    assert.throws(() => nextStatus(EXECUTIVE_MACHINE, 'active', 'activate'), IllegalTransitionError)
  })

  it('say which machine refused, from where and by what, in words', () => {
    assert.throws(() => nextStatus(ROLE_MACHINE, 'archived', 'open'), (thrown: unknown) => {
      assert.ok(thrown instanceof IllegalTransitionError)
      assert.equal(thrown.machine, ROLE_MACHINE)
      assert.equal(thrown.from, 'archived')
      assert.equal(thrown.event, 'open')
      assert.equal(thrown.fromLabel, 'Archived')
      assert.equal(thrown.name, 'IllegalTransitionError')
      assert.equal(thrown.message, 'A role that is "Archived" cannot be moved by "open"')
      return true
    })
  })
})

describe('erasure', () => {
  it('withdraws an open application and leaves any other status as it is', () => {
    const expected: Record<ApplicationStatus, ApplicationStatus> = {
      submitted: 'withdrawn',
      in_review: 'withdrawn',
      shortlisted: 'withdrawn',
      interview: 'withdrawn',
      offered: 'withdrawn',
      accepted: 'accepted',
      onboarding: 'onboarding',
      active: 'active',
      unsuccessful: 'unsuccessful',
      withdrawn: 'withdrawn',
      declined: 'declined',
    }
    for (const status of APPLICATION_MACHINE.statuses) assert.equal(statusAfterErasure(status), expected[status], status)
  })
})

describe('the recruitment round machine', () => {
  it('finishes an open round once, and never reopens it', () => {
    assert.equal(nextStatus(ROUND_MACHINE, 'open', 'finish'), 'finished')
    assert.throws(() => nextStatus(ROUND_MACHINE, 'finished', 'finish'), IllegalTransitionError)
  })
})
