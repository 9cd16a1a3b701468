import type { EntityManager } from 'typeorm'
import { statusAfterErasure, type ApplicationStatus } from '../domain/application-status.ts'

/**
 * Blanks an application's personal fields and its answers to role questions, leaving the
 * reference, dates and status for the record: an open application is withdrawn on the way
 * (statusAfterErasure). The caller locks the row first and audits why; returns the status now.
 */
export async function eraseApplicationRecord(manager: EntityManager, application: { id: string; status: ApplicationStatus }): Promise<ApplicationStatus> {
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
  // Conversations: one in progress ends; what the applicant wrote and the staff's notes on them go.
  await manager.query(
    `UPDATE "conversations" SET
       "status" = 'cancelled',
       "suggestion" = NULL, "cancel_reason" = NULL, "version" = "version" + 1, "updated_at" = now()
     WHERE "application_id" = $1`,
    [application.id],
  )
  await manager.query(`DELETE FROM "conversation_notes" WHERE "conversation_id" IN (SELECT "id" FROM "conversations" WHERE "application_id" = $1)`, [application.id])
  return to
}

/** Blanks sent emails and drops unsent ones (with their jobs), among those `where` selects. */
export async function eraseEmails(manager: EntityManager, where: string, parameters: unknown[]): Promise<void> {
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
}
