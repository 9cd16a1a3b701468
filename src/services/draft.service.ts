import type { DataSource } from 'typeorm'
import { ApplicationDraft } from '../entities/index.ts'
import type { ApplyAnswers } from '../forms/apply/answers.ts'
import type { MailService } from '../mail/outbox.ts'
import { createToken, hashToken, isWellFormedToken } from './tokens.ts'

export const DRAFT_LIFETIME_DAYS = 7

/** "Save and come back later": a draft restored by a one-time emailed link. */
export class DraftService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly baseUrl: string,
  ) {}

  /**
   * Stores the answers and queues the email with the link, in one transaction. A previous draft
   * of the same form (`replaces`) is deleted, so only the newest link works.
   */
  async save(email: string, answers: ApplyAnswers, replaces: string | null, now = new Date()): Promise<string> {
    const { token, hash } = createToken()
    const expiresAt = new Date(now.getTime() + DRAFT_LIFETIME_DAYS * 24 * 60 * 60 * 1000)
    return this.dataSource.transaction(async (manager) => {
      if (replaces) await manager.delete(ApplicationDraft, { id: replaces })
      const draft = await manager.save(ApplicationDraft, manager.create(ApplicationDraft, { tokenHash: hash, email, answers: { ...answers }, expiresAt }))
      await this.mail.enqueue(manager, {
        key: `application-draft-saved:${draft.id}`,
        template: 'application-draft-saved',
        to: email,
        data: { resumeUrl: `${this.baseUrl}/apply/resume/${token}`, expiresOn: expiresAt.toISOString() },
      })
      return draft.id
    })
  }

  /** Uses up the link: returns the answers once, or null for an unknown, used or expired link. */
  async resume(token: string, now = new Date()): Promise<ApplyAnswers | null> {
    if (!isWellFormedToken(token)) return null
    // One statement, so two clicks of the same link cannot both get the answers.
    const result = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(ApplicationDraft)
      .where('token_hash = :hash AND expires_at > :now', { hash: hashToken(token), now })
      .returning(['answers'])
      .execute()
    const rows = result.raw as { answers: ApplyAnswers }[]
    return rows[0]?.answers ?? null
  }

  /** Whether a link could still be used, without using it (for the page before the button). */
  async isUsable(token: string, now = new Date()): Promise<boolean> {
    if (!isWellFormedToken(token)) return false
    return this.dataSource
      .getRepository(ApplicationDraft)
      .createQueryBuilder('draft')
      .where('draft.token_hash = :hash AND draft.expires_at > :now', { hash: hashToken(token), now })
      .getExists()
  }

  /** Removes expired drafts (the scheduled clean-up). */
  async purgeExpired(now = new Date()): Promise<number> {
    const result = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(ApplicationDraft)
      .where('expires_at <= :now', { now })
      .execute()
    return result.affected ?? 0
  }
}
