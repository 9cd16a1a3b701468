// The database and the status machines agree: each status column's CHECK constraint allows
// exactly the machine's statuses. And the one rule for counted reviews (the counted_reviews view)
// holds wherever reviews are counted.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { APPLICATION_MACHINE } from '../../src/domain/application-status.ts'
import { BOARD_NOTE_MACHINE } from '../../src/domain/board-note-status.ts'
import { CONVERSATION_MACHINE } from '../../src/domain/conversation.ts'
import { ELECTION_ROUND_MACHINE } from '../../src/domain/election-round-status.ts'
import { NOMINATION_MACHINE } from '../../src/domain/nomination-status.ts'
import { EXECUTIVE_MACHINE } from '../../src/domain/executive-status.ts'
import { INTEREST_MACHINE } from '../../src/domain/interest.ts'
import { ROLE_MACHINE } from '../../src/domain/role-status.ts'
import { ROUND_MACHINE } from '../../src/domain/round-status.ts'
import type { StatusMachine } from '../../src/domain/status-machine.ts'
import { decisionTally } from '../../src/queries/decision-page.ts'
import { reviewPage } from '../../src/queries/review-page.ts'
import { NO_FILTERS, reviewQueue } from '../../src/queries/review-queue.ts'
import { useTestApp } from '../helpers/app.ts'
import { addBoardReview, submitApplication } from '../helpers/review.ts'
import { createStaff } from '../helpers/staff.ts'

const t = useTestApp()

const STATUS_COLUMNS: { table: string; constraint: string; machine: StatusMachine<string, string> }[] = [
  { table: 'applications', constraint: 'applications_status_check', machine: APPLICATION_MACHINE },
  { table: 'roles', constraint: 'roles_status_check', machine: ROLE_MACHINE },
  { table: 'executives', constraint: 'executives_status_check', machine: EXECUTIVE_MACHINE },
  { table: 'interest_registrations', constraint: 'interest_registrations_status_check', machine: INTEREST_MACHINE },
  { table: 'board_notes', constraint: 'board_notes_status_check', machine: BOARD_NOTE_MACHINE },
  { table: 'conversations', constraint: 'conversations_status_check', machine: CONVERSATION_MACHINE },
  { table: 'board_election_rounds', constraint: 'board_election_rounds_status_check', machine: ELECTION_ROUND_MACHINE },
  { table: 'board_nominations', constraint: 'board_nominations_status_check', machine: NOMINATION_MACHINE },
  { table: 'recruitment_rounds', constraint: 'recruitment_rounds_status_check', machine: ROUND_MACHINE },
]

/** The string literals in a CHECK's definition, e.g. CHECK ((status = ANY (ARRAY['a'::text, 'b'::text]))). */
function literalsIn(definition: string): string[] {
  return [...definition.matchAll(/'((?:[^']|'')*)'/g)].map((match) => match[1]!.replace(/''/g, "'"))
}

describe('the CHECK constraints on status columns', () => {
  for (const { table, constraint, machine } of STATUS_COLUMNS) {
    it(`${table}.status allows exactly the ${machine.subject} machine's statuses`, async () => {
      const rows: { definition: string; columns: string[] }[] = await t.database.dataSource.query(
        `SELECT pg_get_constraintdef(c.oid) AS "definition",
                array(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey) ORDER BY a.attname) AS "columns"
         FROM pg_constraint c
         WHERE c.contype = 'c' AND c.conrelid = $1::regclass AND c.conname = $2`,
        [table, constraint],
      )
      assert.equal(rows.length, 1, `${constraint} exists`)
      assert.deepEqual(rows[0]!.columns, ['status'], `${constraint} is on the status column`)
      assert.deepEqual(literalsIn(rows[0]!.definition).sort(), [...machine.statuses].sort())
    })

    it(`${table}.status has no other CHECK that names statuses`, async () => {
      const rows: { name: string }[] = await t.database.dataSource.query(
        `SELECT c.conname AS "name" FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
         WHERE c.contype = 'c' AND c.conrelid = $1::regclass AND a.attname = 'status'`,
        [table],
      )
      assert.deepEqual(rows.map((row) => row.name), [constraint])
    })

    it(`a new ${machine.subject} starts in the machine's initial status (${machine.initial})`, async () => {
      const rows: { default: string | null }[] = await t.database.dataSource.query(
        `SELECT column_default AS "default" FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name = 'status'`,
        [table],
      )
      // Applications and roles are always inserted with their status; executives rely on the default too.
      if (rows[0]!.default !== null) assert.deepEqual(literalsIn(rows[0]!.default), [machine.initial])
    })
  }
})

describe('counted reviews', () => {
  it('leave out a review by a member who declared a conflict, in the tally, the review page and the queue', async () => {
    const [counted, recused] = [await createStaff(t, ['board-member']), await createStaff(t, ['board-member'])]
    const manager = await createStaff(t, ['community-manager'])
    const application = await submitApplication(t)
    await addBoardReview(t, application, counted, 'appoint')
    // A review and a declaration that committed at the same moment: both rows exist.
    await addBoardReview(t, application, recused, 'do-not-appoint')
    await t.database.dataSource.query(`INSERT INTO conflicts_of_interest (application_id, staff_user_id) VALUES ($1, $2)`, [application.id, recused.id])

    const view: { reviewer_id: string }[] = await t.database.dataSource.query(`SELECT reviewer_id FROM counted_reviews WHERE application_id = $1`, [application.id])
    assert.deepEqual(view.map((row) => row.reviewer_id), [counted.id])

    const tally = await decisionTally(t.database.dataSource.manager, { applicationId: application.id })
    assert.deepEqual([tally.reviews, tally.appoint, tally.doNotAppoint], [1, 1, 0])

    const page = await t.services.read(reviewPage, { reference: application.reference, viewer: manager })
    assert.deepEqual(page!.reviews.map((review) => review.reviewerId), [counted.id])
    assert.equal(page!.quorum.reviews, 1)

    const queue = await t.services.read(reviewQueue, { viewer: manager, filters: NO_FILTERS, page: 1 })
    const row = queue.rows.find((candidate) => candidate.id === application.id)!
    assert.deepEqual([row.reviewCount, row.outcomes?.appoint, row.outcomes?.doNotAppoint], [1, 1, 0])
  })
})
