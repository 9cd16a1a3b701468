import { randomUUID } from 'node:crypto'
import type { Action } from '../../tx.ts'

export interface SendTestEmail {
  /** The admin who asked: the email goes to them. */
  email: string
  name: string
}

/** Queues the staff-test email to the admin who asked for it. Returns the new email's id. */
export const sendTestEmail: Action<SendTestEmail, string> = async (tx, { email, name }, actor) => {
  const queued = await tx.email({
    key: `staff-test:${actor.id}:${randomUUID()}`,
    template: 'staff-test',
    to: email,
    data: { requestedBy: name },
  })
  await tx.audit(actor, { action: 'email.test-queued', subjectType: 'email_message', subjectId: queued.id })
  return queued.id
}
