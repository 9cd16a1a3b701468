import { CURRENT_EXECUTIVE_STATUSES } from '../../domain/executive-status.ts'
import { addDays, TERM_REMINDER_DAYS } from '../../domain/onboarding.ts'
import { communityManagers } from '../../queries/community-managers.ts'
import type { Query, QueryRunner } from '../../queries/query.ts'
import { SYSTEM } from '../../services/audit.ts'
import { todayInLondon } from '../../services/role.service.ts'
import type { Action, ActionRunner } from '../tx.ts'

interface ReminderWindow {
  now?: Date
}

/** Current executives not yet reminded whose term ends within TERM_REMINDER_DAYS, soonest first. */
export const executivesDueTermReminder: Query<ReminderWindow, string[]> = async (db, { now = new Date() }) => {
  const today = todayInLondon(now)
  const due: { id: string }[] = await db.query(
    `SELECT id FROM executives
     WHERE status = ANY($3::text[]) AND term_reminder_sent_at IS NULL
       AND term_ends_on >= $1::date AND term_ends_on <= $2::date
     ORDER BY term_ends_on`,
    [today, addDays(today, TERM_REMINDER_DAYS), CURRENT_EXECUTIVE_STATUSES],
  )
  return due.map((row) => row.id)
}

/**
 * Emails one executive whose term ends within 30 days, and the community managers, once. The
 * executive's row records it (a conditional UPDATE, so two runs at the same moment send once),
 * and the email keys carry the term end date, so nothing is sent twice either way. False when
 * there was nothing (any more) to send.
 */
export const sendTermReminder: Action<ReminderWindow & { executiveId: string }, boolean> = async (tx, { executiveId, now = new Date() }, actor) => {
  const today = todayInLondon(now)
  const [rows]: [{ id: string; name: string; email: string; term_ends_on: string; role_title: string }[], number] = await tx.manager.query(
    `UPDATE executives e SET term_reminder_sent_at = now()
     FROM roles r
     WHERE e.id = $1 AND r.id = e.role_id AND e.term_reminder_sent_at IS NULL AND e.status = ANY($4::text[])
       AND e.term_ends_on >= $2::date AND e.term_ends_on <= $3::date
     RETURNING e.id, e.name, e.email, e.term_ends_on::text AS term_ends_on, r.title AS role_title`,
    [executiveId, today, addDays(today, TERM_REMINDER_DAYS), CURRENT_EXECUTIVE_STATUSES],
  )
  const executive = rows[0]
  if (!executive) return false
  const data = { name: executive.name, roleTitle: executive.role_title, termEndsOn: executive.term_ends_on, executiveId: executive.id }
  await tx.email({ key: `term-ending:${executive.id}:${executive.term_ends_on}:executive`, template: 'term-ending', to: executive.email, data })
  for (const staff of await communityManagers(tx.manager)) {
    await tx.email({
      key: `term-ending:${executive.id}:${executive.term_ends_on}:${staff.id}`,
      template: 'term-ending-staff',
      to: staff.email,
      data: { ...data, managerName: staff.name },
    })
  }
  await tx.audit(actor, { action: 'executive.term-reminder-sent', subjectType: 'executive', subjectId: executive.id, note: `term ends: ${executive.term_ends_on}` })
  return true
}

/**
 * The daily task: every executive due a reminder, each in a transaction of their own, so that
 * two runs at once wait for each other row by row rather than deadlock, and each reminder
 * commits with its emails. Returns how many executives this run reminded.
 */
export async function sendTermReminders(runners: { act: ActionRunner; read: QueryRunner }, now = new Date()): Promise<number> {
  let sent = 0
  for (const executiveId of await runners.read(executivesDueTermReminder, { now })) {
    if (await runners.act(sendTermReminder, { executiveId, now }, SYSTEM)) sent += 1
  }
  return sent
}
