import type { DataSource } from 'typeorm'
import { REVIEWABLE_STATUSES } from '../domain/application-status.ts'
import type { MailService } from '../mail/outbox.ts'
import type { StaffService } from './staff.service.ts'
import { todayInLondon } from './role.service.ts'

interface WaitingApplication {
  id: string
  reference: string
  role_titles: string
  submitted_at: Date
}

/** The board's daily emails: the digest of new applications, and reminders of waiting ones. */
export class BoardNotificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly staff: StaffService,
  ) {}

  /**
   * Emails each board member who chose a daily digest the applications sent in the 24 hours
   * before `now`. Keyed by member and day, so running twice in a day sends one digest.
   */
  async sendDigests(now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const members = await this.staff.boardMembers(manager, { newApplicationEmails: 'digest' })
      if (members.length === 0) return 0
      const applications: WaitingApplication[] = await manager.query(
        `SELECT a.id, a.reference, a.submitted_at,
                string_agg(ar.role_title, ', ' ORDER BY ar.preference) AS role_titles
         FROM applications a JOIN application_roles ar ON ar.application_id = a.id
         WHERE a.submitted_at > $1::timestamptz - interval '24 hours' AND a.submitted_at <= $1 AND a.erased_at IS NULL
         GROUP BY a.id ORDER BY a.submitted_at`,
        [now],
      )
      if (applications.length === 0) return 0
      const day = todayInLondon(now)
      for (const member of members) {
        await this.mail.enqueue(manager, {
          key: `new-applications-digest:${member.id}:${day}`,
          template: 'new-applications-digest',
          to: member.email,
          data: { memberName: member.name, applications: applications.map(({ reference, role_titles }) => ({ reference, roleTitles: role_titles })) },
        })
      }
      return members.length
    })
  }

  /**
   * Emails each board member the open applications that have waited more than the setting's
   * number of days without a quorum and that they have neither reviewed nor declared a conflict
   * on. Once a day per member.
   */
  async sendReviewReminders(now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const members = await this.staff.boardMembers(manager)
      const day = todayInLondon(now)
      let sent = 0
      for (const member of members) {
        const waiting: (WaitingApplication & { days: number })[] = await manager.query(
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
        const queued = await this.mail.enqueue(manager, {
          key: `review-reminder:${member.id}:${day}`,
          template: 'review-reminder',
          to: member.email,
          data: { memberName: member.name, applications: waiting.map(({ reference, role_titles, days }) => ({ reference, roleTitles: role_titles, days })) },
        })
        if (queued.created) sent += 1
      }
      return sent
    })
  }
}
