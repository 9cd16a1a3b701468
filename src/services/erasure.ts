import type { EntityManager } from 'typeorm'
import type { Tx } from '../actions/tx.ts'
import { emailParticipants } from '../actions/conversations/conversation-emails.ts'
import { statusAfterErasure, type ApplicationStatus } from '../domain/application-status.ts'
import { CONVERSATION_MACHINE, LIVE_CONVERSATION_STATUSES } from '../domain/conversation.ts'
import { nextStatus } from '../domain/status-machine.ts'
import { findConversationForApplication } from '../queries/conversation-link.ts'
import type { Actor } from './audit.ts'

/** How many records of each kind an erasure changed or deleted. */
export interface ErasedCounts {
  applications: number
  drafts: number
  links: number
  interestRegistrations: number
  nominations: number
  electors: number
  emails: number
  sessions: number
}

/** Makes `value` match itself literally inside an ILIKE pattern (backslash is the escape). */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/**
 * Erases, at once and in the caller's transaction, the personal data held for `address`: every
 * application's personal fields (still-open ones are withdrawn first, through the status
 * machine), the answers to role questions, what the board wrote about them, saved drafts,
 * sign-in tokens, registrations of interest, emails to the address (queued ones with their jobs;
 * sent ones blanked, keeping that they were sent), board nominations and elector entries
 * (eraseBoardElectionData), and every session that mentions the address but `keepSessionId`
 * (the admin's own, when an admin erases).
 * Each application keeps its reference, dates and status, and gets one audit row saying that
 * this happened, with `why` as its note; the caller audits the rest as it needs.
 */
export async function eraseEverythingHeldFor(
  tx: Tx,
  { address: email, actor, why, keepSessionId }: { address: string; actor: Actor; why: string; keepSessionId?: string },
): Promise<ErasedCounts> {
  const { manager } = tx
  const address = email.trim().toLowerCase()
  // The address as a whole JSON string, quotes included (so that erasing ada@example.org leaves
  // grada@example.org's session and draft alone), made literal for ILIKE.
  const inJson = `%${likeLiteral(JSON.stringify(address))}%`
  // lower(): erasure must catch any address stored before it was normalised, whatever the index.
  const applications: { id: string; status: ApplicationStatus }[] = await manager.query(
    `SELECT "id", "status" FROM "applications" WHERE lower("email") = $1 ORDER BY "submitted_at" FOR UPDATE`,
    [address],
  )
  for (const application of applications) {
    const to = await eraseApplicationRecord(tx, application)
    await tx.audit(actor, { action: 'application.erased', subjectType: 'application', subjectId: application.id, fromStatus: application.status, toStatus: to, note: why })
  }
  const deleted = async (sql: string, parameters: unknown[]) => ((await manager.query(`${sql} RETURNING 1`, parameters)) as [unknown[], number])[1]
  const drafts = await deleted(`DELETE FROM "application_drafts" WHERE lower("email") = $1 OR "answers"::text ILIKE $2`, [address, inJson])
  const links = await deleted(`DELETE FROM "one_time_tokens" WHERE lower("email") = $1`, [address])
  // Registrations of interest go too (their roles, links and notices with them).
  const interestRegistrations = await deleted(`DELETE FROM "interest_registrations" WHERE lower("email") = $1`, [address])
  const board = await eraseBoardElectionData(manager, address)
  const emails = await eraseEmails(manager, `lower("recipient") = $1`, [address])
  const sessions = await deleted(`DELETE FROM "sessions" WHERE "sess"::text ILIKE $1 AND "sid" IS DISTINCT FROM $2`, [inJson, keepSessionId ?? null])
  return { applications: applications.length, drafts, links, interestRegistrations, ...board, emails, sessions }
}

/** What the staff taking part are told when a booked conversation ends because its applicant's details were erased. */
export const ERASED_CONVERSATION_REASON = 'The applicant’s application was withdrawn and their details deleted.'

/**
 * Blanks an application's personal fields and its answers to role questions, leaving the
 * reference, dates and status for the record: an open application is withdrawn on the way
 * (statusAfterErasure). A conversation still to come is cancelled (endConversationOnErasure).
 * The caller locks the row first and audits why; returns the status now.
 */
export async function eraseApplicationRecord(tx: Tx, application: { id: string; status: ApplicationStatus }, now = new Date()): Promise<ApplicationStatus> {
  const { manager } = tx
  await endConversationOnErasure(tx, application.id, now)
  const to = statusAfterErasure(application.status)
  await manager.query(
    `UPDATE "applications" SET
       "full_name" = NULL, "email" = NULL, "phone" = NULL, "organisation" = NULL, "job_title" = NULL,
       "motivation" = NULL, "skills_other" = NULL, "heard_about" = NULL, "skills" = '[]'::jsonb,
       "career_stage" = NULL, "hours_available" = NULL, "nhs_employed" = NULL,
       "nhs_email_verified_domain" = NULL, "nhs_email_verified_at" = NULL, "unsuccessful_feedback" = NULL,
       "status_changed_at" = CASE WHEN "status" = $2 THEN "status_changed_at" ELSE now() END,
       "status" = $2, "version" = "version" + 1, "erased_at" = now(), "updated_at" = now()
     WHERE "id" = $1`,
    [application.id, to],
  )
  await manager.query(`UPDATE "application_roles" SET "answers" = '{}'::jsonb WHERE "application_id" = $1`, [application.id])
  // What the applicant wrote about their conversations, and the staff's notes on them, go.
  await manager.query(
    `UPDATE "conversations" SET "suggestion" = NULL, "cancel_reason" = NULL, "version" = "version" + 1, "updated_at" = now() WHERE "application_id" = $1`,
    [application.id],
  )
  await manager.query(`DELETE FROM "conversation_notes" WHERE "conversation_id" IN (SELECT "id" FROM "conversations" WHERE "application_id" = $1)`, [application.id])
  // What the board wrote about the applicant goes too: review comments, the notes beside each
  // score and the reasons given for a conflict of interest. The scores, recommendations and
  // conflicts themselves stay, as counts that name nobody.
  await manager.query(
    `UPDATE "reviews" SET "comment" = NULL,
       "scores" = coalesce((
         SELECT jsonb_object_agg(choice.key, (SELECT coalesce(jsonb_object_agg(criterion.key, criterion.value || '{"note": null}'::jsonb), '{}'::jsonb) FROM jsonb_each(choice.value) AS criterion))
         FROM jsonb_each("scores") AS choice), '{}'::jsonb)
     WHERE "application_id" = $1`,
    [application.id],
  )
  await manager.query(`UPDATE "conflicts_of_interest" SET "reason" = NULL WHERE "application_id" = $1`, [application.id])
  return to
}

/**
 * The application's conversation in progress is cancelled through its status machine, unless it
 * was booked for a time already past (then it took place, and stays booked). When a time to come
 * was booked, the staff taking part are emailed the CANCEL calendar file that takes it out of
 * their calendars, naming the application by its reference only: the applicant's name is not
 * written anywhere new, and the applicant is not emailed (their emails are erased too).
 */
async function endConversationOnErasure(tx: Tx, applicationId: string, now: Date): Promise<void> {
  const conversation = await findConversationForApplication(tx.manager, applicationId, now, false)
  if (!conversation || !LIVE_CONVERSATION_STATUSES.includes(conversation.status)) return
  const comingUp = conversation.status === 'booked' && conversation.booked !== null && conversation.booked.startsAt > now
  if (conversation.status === 'booked' && !comingUp) return
  const status = nextStatus(CONVERSATION_MACHINE, conversation.status, 'cancel')
  const sequence = conversation.sequence + 1
  await tx.manager.query(`UPDATE conversations SET status = $2, sequence = $3, version = version + 1, updated_at = now() WHERE id = $1`, [conversation.id, status, sequence])
  if (comingUp) {
    await emailParticipants(tx, { ...conversation, fullName: 'the applicant', email: null }, 'cancelled', { when: conversation.booked!, sequence, reason: ERASED_CONVERSATION_REASON })
  }
}

/** Blanks sent emails and drops unsent ones (with their jobs), among those `where` selects; returns how many. */
export async function eraseEmails(manager: EntityManager, where: string, parameters: unknown[]): Promise<number> {
  const emails: { id: string; status: string }[] = await manager.query(
    `SELECT "id", "status" FROM "email_messages" WHERE ${where} FOR UPDATE`,
    parameters,
  )
  for (const message of emails) {
    // graphile-worker 0.17 keeps jobs in _private_jobs; remove_job deletes an unlocked job, and
    // stops a locked one (being sent right now) from being tried again.
    await manager.query(`SELECT graphile_worker.remove_job($1)`, [`send_email:${message.id}`])
  }
  const unsent = emails.filter((message) => message.status === 'queued' || message.status === 'sending').map((message) => message.id)
  const sent = emails.filter((message) => !unsent.includes(message.id)).map((message) => message.id)
  if (unsent.length > 0) await manager.query(`DELETE FROM "email_messages" WHERE "id" = ANY($1::uuid[])`, [unsent])
  if (sent.length > 0) {
    await manager.query(
      `UPDATE "email_messages" SET
         "recipient" = '[deleted]', "subject" = '[deleted]', "html" = '[deleted]', "text_body" = '[deleted]', "attachments" = '[]',
         "last_error" = CASE WHEN "last_error" IS NULL THEN NULL ELSE '[deleted]' END, "updated_at" = now()
       WHERE "id" = ANY($1::uuid[])`,
      [sent],
    )
  }
  return emails.length
}

/**
 * Erases what a board election holds for `address` (lower case), as for an applicant's request:
 * - a nomination is deleted, unless its round has opened voting with it as a candidate: then the
 *   ballots and the count name it, so it keeps the candidate's name (part of the published
 *   result) and loses the address and the statement;
 * - an elector is deleted while the round's list is open; once voting has opened the row keeps
 *   "has voted" (so the electors and the ballots still add up) and loses the address and the
 *   ballot link (an unused link stops working);
 * - an elector upload not yet confirmed loses the address.
 * Erased addresses become `erased-<row id>@erased.invalid`, unique as the tables need. Returns
 * how many nominations and electors were deleted or erased.
 */
export async function eraseBoardElectionData(manager: EntityManager, address: string): Promise<{ nominations: number; electors: number }> {
  const onBallot = `n.status = 'published' AND r.status IN ('voting', 'counted', 'published', 'cancelled')`
  const [keptNominations]: [unknown[], number] = await manager.query(
    `UPDATE board_nominations n SET email = 'erased-' || n.id || '@erased.invalid', statement = 'Erased at the candidate’s request.', version = n.version + 1, updated_at = now()
     FROM board_election_rounds r WHERE r.id = n.round_id AND lower(n.email) = $1 AND ${onBallot} RETURNING n.id`,
    [address],
  )
  const [deletedNominations]: [unknown[], number] = await manager.query(
    `DELETE FROM board_nominations n USING board_election_rounds r WHERE r.id = n.round_id AND lower(n.email) = $1 AND NOT (${onBallot}) RETURNING n.id`,
    [address],
  )
  const [keptElectors]: [unknown[], number] = await manager.query(
    `UPDATE board_electors e SET email = 'erased-' || e.id || '@erased.invalid', token_hash = NULL, link_expires_at = NULL
     FROM board_election_rounds r WHERE r.id = e.round_id AND lower(e.email) = $1 AND r.status NOT IN ('draft', 'nominations') RETURNING e.id`,
    [address],
  )
  const [deletedElectors]: [unknown[], number] = await manager.query(
    `DELETE FROM board_electors e USING board_election_rounds r WHERE r.id = e.round_id AND lower(e.email) = $1 AND r.status IN ('draft', 'nominations') RETURNING e.id`,
    [address],
  )
  // Uploads waiting for an admin to confirm them lose the address too (an upload left empty goes).
  await manager.query(`UPDATE board_elector_uploads SET emails = array_remove(emails, $1) WHERE $1 = ANY(emails) AND cardinality(emails) > 1`, [address])
  await manager.query(`DELETE FROM board_elector_uploads WHERE emails = ARRAY[$1]::text[]`, [address])
  return { nominations: keptNominations.length + deletedNominations.length, electors: keptElectors.length + deletedElectors.length }
}
