import { AppError } from '../../domain/errors.ts'
import type { Reviewer } from '../../queries/review-page.ts'
import type { VersionedApplication } from '../../services/application-status.service.ts'
import type { Tx } from '../tx.ts'

export class ReviewApplicationNotFoundError extends AppError {
  constructor() {
    super('No application with this reference')
  }
}

/** Only board members score applications and declare conflicts of interest. */
export class NotABoardMemberError extends AppError {
  constructor() {
    super('Only board members review applications')
  }
}

export function requireBoardMember(member: Reviewer): void {
  if (!member.roles.includes('board-member')) throw new NotABoardMemberError()
}

/** The application a board member acts on, as it is now; ReviewApplicationNotFoundError if none (or erased). */
export async function applicationToReview(tx: Tx, reference: string): Promise<VersionedApplication> {
  const rows: VersionedApplication[] = await tx.manager.query(
    `SELECT id, status, version FROM applications WHERE reference = $1 AND erased_at IS NULL`,
    [reference],
  )
  if (!rows[0]) throw new ReviewApplicationNotFoundError()
  return rows[0]
}
