import { EXECUTIVE_TRANSITIONS, type ExecutiveStatus } from '../../domain/executive-status.ts'
import { todayInLondon } from '../../services/role.service.ts'
import type { Action } from '../tx.ts'

/**
 * Ends every term whose last day has passed: those executives leave the team page. A daily
 * worker task; returns how many terms it ended.
 */
export const endFinishedTerms: Action<{ now?: Date }, number> = async (tx, { now = new Date() }, actor) => {
  // The end_term move, for every executive it applies to at once.
  const endTerm = EXECUTIVE_TRANSITIONS.end_term
  const [rows]: [{ id: string; from_status: ExecutiveStatus }[], number] = await tx.manager.query(
    `UPDATE executives e SET status = $2, ended_at = now(), version = e.version + 1, updated_at = now()
     FROM executives before
     WHERE before.id = e.id AND e.status = ANY($3::text[]) AND e.term_ends_on < $1::date
     RETURNING e.id, before.status AS from_status`,
    [todayInLondon(now), endTerm.to, endTerm.from],
  )
  for (const row of rows) {
    await tx.audit(actor, { action: 'executive.term-ended', subjectType: 'executive', subjectId: row.id, fromStatus: row.from_status, toStatus: endTerm.to, note: 'term end date passed' })
  }
  return rows.length
}
