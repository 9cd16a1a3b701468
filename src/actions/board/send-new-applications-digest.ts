import { boardMembers } from '../../queries/board-members.ts'
import { todayInLondon } from '../../services/role.service.ts'
import type { Action } from '../tx.ts'

/**
 * Emails each board member who chose a daily digest the applications sent in the 24 hours
 * before `now`, and each member who chose immediate emails those of them they were not emailed
 * about (held back in a burst, see BOARD_QUIET_MINUTES). Keyed by member and day, so running
 * twice in a day sends one digest. Returns how many members it emailed. Run by the worker each
 * morning.
 */
export const sendNewApplicationsDigest: Action<{ now?: Date }, number> = async (tx, { now = new Date() }) => {
  const members = await boardMembers(tx.manager)
  if (members.length === 0) return 0
  const applications: { id: string; reference: string; role_titles: string }[] = await tx.manager.query(
    `SELECT a.id, a.reference, a.submitted_at,
            string_agg(ar.role_title, ', ' ORDER BY ar.preference) AS role_titles
     FROM applications a JOIN application_roles ar ON ar.application_id = a.id
     WHERE a.submitted_at > $1::timestamptz - interval '24 hours' AND a.submitted_at <= $1 AND a.erased_at IS NULL
     GROUP BY a.id ORDER BY a.submitted_at`,
    [now],
  )
  if (applications.length === 0) return 0
  const emailedAtOnce = new Set(
    (
      (await tx.manager.query(`SELECT "key" FROM "email_messages" WHERE "template" = 'new-application' AND "created_at" > $1::timestamptz - interval '25 hours'`, [
        now,
      ])) as { key: string }[]
    ).map((row) => row.key),
  )
  const day = todayInLondon(now)
  let emailed = 0
  for (const member of members) {
    const theirs =
      member.newApplicationEmails === 'digest' ? applications : applications.filter((application) => !emailedAtOnce.has(`new-application:${application.id}:${member.id}`))
    if (theirs.length === 0) continue
    await tx.email({
      key: `new-applications-digest:${member.id}:${day}`,
      template: 'new-applications-digest',
      to: member.email,
      data: { memberName: member.name, applications: theirs.map(({ reference, role_titles }) => ({ reference, roleTitles: role_titles })) },
    })
    emailed += 1
  }
  return emailed
}
