import { eraseApplicationRecord, eraseBoardElectionData, eraseEmails } from '../../services/erasure.ts'
import type { Action } from '../tx.ts'

export interface EraseApplicant {
  /** The signed-in applicant's address. */
  email: string
  /** Their current session, ended with the rest. */
  sessionId: string
}

export interface ErasureResult {
  applications: number
}

/** Makes `value` match itself literally inside an ILIKE pattern (backslash is the escape). */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/**
 * Erases, at once and in one transaction, the personal data held for `email`: every
 * application's personal fields (still-open ones are withdrawn first, through the status
 * machine), the answers to role questions, saved drafts, sign-in tokens, registrations of interest, emails to the address
 * (queued ones with their jobs; sent ones blanked, keeping that they were sent), board
 * nominations and elector entries (eraseBoardElectionData), and every
 * session that mentions the address, the current one included. Each application keeps its
 * reference, dates and status, and gets one audit row saying that this happened.
 */
export const eraseApplicant: Action<EraseApplicant, ErasureResult> = async (tx, { email, sessionId }, actor) => {
  const address = email.trim().toLowerCase()
  // The address as a whole JSON string, quotes included (so that erasing ada@example.org leaves
  // grada@example.org's session and draft alone), made literal for ILIKE.
  const inJson = `%${likeLiteral(JSON.stringify(address))}%`
  // lower(): erasure must catch any address stored before it was normalised, whatever the index.
  const applications: { id: string; status: Parameters<typeof eraseApplicationRecord>[1]['status'] }[] = await tx.manager.query(
    `SELECT "id", "status" FROM "applications" WHERE lower("email") = $1 ORDER BY "submitted_at" FOR UPDATE`,
    [address],
  )
  for (const application of applications) {
    const to = await eraseApplicationRecord(tx.manager, application)
    await tx.audit(actor, {
      action: 'application.erased',
      subjectType: 'application',
      subjectId: application.id,
      fromStatus: application.status,
      toStatus: to,
      note: "deleted at the applicant's request",
    })
  }
  await tx.manager.query(`DELETE FROM "application_drafts" WHERE lower("email") = $1 OR "answers"::text ILIKE $2`, [address, inJson])
  await tx.manager.query(`DELETE FROM "one_time_tokens" WHERE lower("email") = $1`, [address])
  // Registrations of interest go too (their roles, links and notices with them).
  await tx.manager.query(`DELETE FROM "interest_registrations" WHERE lower("email") = $1`, [address])
  // Board nominations and elector entries (services/erasure.ts says what stays of a ballot's candidate or a voter).
  const board = await eraseBoardElectionData(tx.manager, address)
  if (board.nominations + board.electors > 0) {
    await tx.audit(actor, { action: 'board-election.personal-data-erased', subjectType: 'board_election', subjectId: null, note: `${board.nominations} nominations, ${board.electors} elector entries, at the person's request` })
  }

  await eraseEmails(tx.manager, `lower("recipient") = $1`, [address])

  await tx.manager.query(`DELETE FROM "sessions" WHERE "sid" = $1 OR "sess"::text ILIKE $2`, [sessionId, inJson])
  return { applications: applications.length }
}
