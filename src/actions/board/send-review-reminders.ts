import { REVIEWABLE_STATUSES } from '../../domain/application-status.ts'
import { boardMembers } from '../../queries/board-members.ts'
import { todayInLondon } from '../../services/role.service.ts'
import type { Action } from '../tx.ts'

/**
 * Emails each board member the open applications that have waited more than the setting's
 * number of days without a quorum and that they have neither reviewed nor declared a conflict
 * on. Once a day per member; returns how many reminders it queued. Run by the worker each morning.
 */
export const sendReviewReminders: Action<{ now?: Date }, number> = async (tx, { now = new Date() }) => {
  const members = await boardMembers(tx.manager)
  const day = todayInLondon(now)
  let sent = 0
  for (const member of members) {
    const waiting: { reference: string; role_titles: string; days: number }[] = await tx.manager.query(
      `SELECT a.id, a.reference, a.submitted_at,
              floor(extract(epoch FROM ($2::timestamptz - a.submitted_at)) / 86400)::int AS days,
              (SELECT string_agg(ar.role_title, ', ' ORDER BY ar.preference) FROM application_roles ar WHERE ar.application_id = a.id) AS role_titles
       FROM applications a, settings s
       WHERE s.id = 1
         AND a.status = ANY($3::text[]) AND a.erased_at IS NULL
         AND a.submitted_at < $2::timestamptz - make_interval(days => s.reminder_days)
         AND (SELECT count(*) FROM counted_reviews r WHERE r.application_id = a.id) < s.quorum
         AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.application_id = a.id AND r.reviewer_id = $1)
         AND NOT EXISTS (SELECT 1 FROM conflicts_of_interest c WHERE c.application_id = a.id AND c.staff_user_id = $1)
       ORDER BY a.submitted_at`,
      [member.id, now, REVIEWABLE_STATUSES],
    )
    if (waiting.length === 0) continue
    const queued = await tx.email({
      key: `review-reminder:${member.id}:${day}`,
      template: 'review-reminder',
      to: member.email,
      data: { memberName: member.name, applications: waiting.map(({ reference, role_titles, days }) => ({ reference, roleTitles: role_titles, days })) },
    })
    if (queued.created) sent += 1
  }
  return sent
}
