import { SEND_EMAIL_MAX_ATTEMPTS, SEND_EMAIL_TASK } from '../../../mail/outbox.ts'
import type { Action } from '../../tx.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * Queues a failed email again, with a fresh set of attempts (graphile-worker's add_job resets
 * a job with the same key). False when the email is not (or no longer) failed: two admins
 * pressing "Send again" at once queue it once.
 */
export const sendEmailAgain: Action<{ id: string }, boolean> = async (tx, { id }, actor) => {
  if (!UUID.test(id)) return false
  const [updated]: [{ id: string }[], number] = await tx.manager.query(
    `UPDATE "email_messages" SET "status" = 'queued', "updated_at" = now() WHERE "id" = $1 AND "status" = 'failed' RETURNING "id"`,
    [id],
  )
  if (updated.length === 0) return false
  await tx.manager.query(`SELECT graphile_worker.add_job($1, json_build_object('id', $2::text), job_key := $3, max_attempts := $4)`, [
    SEND_EMAIL_TASK,
    id,
    `${SEND_EMAIL_TASK}:${id}`,
    SEND_EMAIL_MAX_ATTEMPTS,
  ])
  await tx.audit(actor, { action: 'email.resent', subjectType: 'email_message', subjectId: id, fromStatus: 'failed', toStatus: 'queued' })
  return true
}
