import { BOARD_TERM_REMINDER_DAYS, dueBoardTermReminder, remindersCoveredBy } from '../../domain/board.ts'
import { addDays } from '../../domain/onboarding.ts'
import { admins } from '../../queries/admins.ts'
import type { Query, QueryRunner } from '../../queries/query.ts'
import { SYSTEM } from '../../services/audit.ts'
import { todayInLondon } from '../../services/role.service.ts'
import type { Action, ActionRunner } from '../tx.ts'

interface ReminderWindow {
  now?: Date
}

const LONGEST = Math.max(...BOARD_TERM_REMINDER_DAYS)

/** Active board members whose term ends within a lead time whose reminder has not gone yet. */
export const boardMembersDueTermReminder: Query<ReminderWindow, string[]> = async (db, { now = new Date() }) => {
  const today = todayInLondon(now)
  const rows: { id: string }[] = await db.query(
    `SELECT s.id FROM staff_users s
     WHERE s.active AND 'board-member' = ANY(s.roles)
       AND s.board_term_ends_on >= $1::date AND s.board_term_ends_on <= $2::date
       AND NOT EXISTS (
         SELECT 1 FROM board_term_reminders r
         WHERE r.staff_user_id = s.id AND r.term_ends_on = s.board_term_ends_on
           AND r.days_before = (SELECT min(d) FROM unnest($3::int[]) d WHERE s.board_term_ends_on - $1::date <= d))
     ORDER BY s.board_term_ends_on, s.id`,
    [today, addDays(today, LONGEST), [...BOARD_TERM_REMINDER_DAYS]],
  )
  return rows.map((row) => row.id)
}

/**
 * Emails one board member whose term ends within 60 or 30 days, and every admin, once for each
 * lead time. The reminder rows are the record (inserted first, so a second run at the same moment
 * waits on them and then sends nothing); a term set to end in 20 days gets only the 30-day email.
 * False when there was nothing (any more) to send.
 */
export const sendBoardTermReminder: Action<ReminderWindow & { staffUserId: string }, boolean> = async (tx, { staffUserId, now = new Date() }, actor) => {
  const today = todayInLondon(now)
  const [member]: { id: string; name: string; email: string; term_ends_on: string }[] = await tx.manager.query(
    `SELECT id, name, email, board_term_ends_on::text AS term_ends_on FROM staff_users
     WHERE id = $1 AND active AND 'board-member' = ANY(roles) AND board_term_ends_on IS NOT NULL FOR UPDATE`,
    [staffUserId],
  )
  if (!member) return false
  const days = dueBoardTermReminder(member.term_ends_on, today)
  if (days === null) return false
  const inserted: { days_before: number }[] = await tx.manager.query(
    `INSERT INTO board_term_reminders (staff_user_id, term_ends_on, days_before)
     SELECT $1, $2::date, unnest($3::int[])
     ON CONFLICT DO NOTHING
     RETURNING days_before`,
    [member.id, member.term_ends_on, remindersCoveredBy(days)],
  )
  // Sent already for this lead time (the 30-day row exists): nothing to do.
  if (!inserted.some((row) => row.days_before === days)) return false
  const data = { name: member.name, termEndsOn: member.term_ends_on, days }
  await tx.email({ key: `board-term-ending:${member.id}:${member.term_ends_on}:${days}:member`, template: 'board-term-ending', to: member.email, data })
  for (const admin of await admins(tx.manager)) {
    await tx.email({
      key: `board-term-ending:${member.id}:${member.term_ends_on}:${days}:${admin.id}`,
      template: 'board-term-ending-admin',
      to: admin.email,
      data: { ...data, adminName: admin.name, staffUserId: member.id },
    })
  }
  await tx.audit(actor, { action: 'board.term-reminder-sent', subjectType: 'staff_user', subjectId: member.id, note: `term ends: ${member.term_ends_on}; ${days} days` })
  return true
}

/**
 * The daily task: every board member due a reminder, each in a transaction of their own with its
 * emails. Returns how many members this run reminded.
 */
export async function sendBoardTermReminders(runners: { act: ActionRunner; read: QueryRunner }, now = new Date()): Promise<number> {
  let sent = 0
  for (const staffUserId of await runners.read(boardMembersDueTermReminder, { now })) {
    if (await runners.act(sendBoardTermReminder, { staffUserId, now }, SYSTEM)) sent += 1
  }
  return sent
}
