import type { DataSource, EntityManager } from 'typeorm'
import { normaliseEmail } from '../domain/text.ts'
import type { StaffRole } from '../domain/staff-roles.ts'
import { StaffToken, StaffUser } from '../entities/index.ts'
import type { StaffTokenPurpose } from '../entities/staff-token.entity.ts'
import type { MailService } from '../mail/outbox.ts'
import { audit, type Actor } from './audit.ts'
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password-hashing.ts'
import { createToken, hashToken, isWellFormedToken } from './tokens.ts'
import { AppError } from '../domain/errors.ts'

export const MAX_FAILED_SIGN_INS = 5
export const LOCK_MINUTES = 15
const TOKEN_LIFETIME_HOURS: Record<StaffTokenPurpose, number> = { setup: 24, invitation: 72, 'password-reset': 1 }

export class EmailTakenError extends AppError {}

export type SignInResult = { ok: true; user: StaffUser } | { ok: false }

export interface NewStaffUser {
  email: string
  name: string
  roles: StaffRole[]
  /** Without one, the person is emailed an invitation to choose their own. */
  password?: string
}

function staffActor(user: Pick<StaffUser, 'id'> | null): Actor {
  return user ? { type: 'staff', id: user.id } : { type: 'system', id: null }
}

export class StaffService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly baseUrl: string,
  ) {}

  findActiveById(id: string): Promise<StaffUser | null> {
    return this.dataSource.getRepository(StaffUser).findOneBy({ id, active: true })
  }

  async hasAnyStaff(): Promise<boolean> {
    return this.dataSource.getRepository(StaffUser).exists()
  }

  /**
   * Checks an email and password. Unknown addresses, wrong passwords, deactivated and locked
   * accounts all fail the same way and take about the same time. Five failures in a row lock
   * the account for 15 minutes.
   */
  async signIn(email: string, password: string, now = new Date()): Promise<SignInResult> {
    const repository = this.dataSource.getRepository(StaffUser)
    const user = await repository.findOneBy({ email: normaliseEmail(email) })
    const hash = user?.passwordHash ?? (await dummyPasswordHash())
    const correct = await verifyPassword(hash, password)
    const locked = user?.lockedUntil !== null && user?.lockedUntil !== undefined && user.lockedUntil > now
    if (!user || !user.active || !user.passwordHash || locked || !correct) {
      if (user && !locked) {
        await this.dataSource.query(
          `UPDATE staff_users
           SET failed_sign_ins = failed_sign_ins + 1,
               locked_until = CASE WHEN failed_sign_ins + 1 >= $2 THEN $3::timestamptz + make_interval(mins => $4) ELSE locked_until END
           WHERE id = $1`,
          [user.id, MAX_FAILED_SIGN_INS, now, LOCK_MINUTES],
        )
      }
      return { ok: false }
    }
    const changes: Partial<StaffUser> = { failedSignIns: 0, lockedUntil: null, lastSignedInAt: now }
    if (needsRehash(user.passwordHash)) changes.passwordHash = await hashPassword(password)
    await repository.update({ id: user.id }, changes)
    return { ok: true, user: { ...user, ...changes } as StaffUser }
  }

  /** Adds a staff member; without a password they are emailed an invitation link. */
  async create(
    details: NewStaffUser & { boardTermStartsOn?: string | null; boardTermEndsOn?: string | null },
    by: Pick<StaffUser, 'id'> | null,
  ): Promise<StaffUser> {
    const email = normaliseEmail(details.email)
    return this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(StaffUser, { email })) throw new EmailTakenError(`A staff account already uses ${email}`)
      const passwordHash = details.password ? await hashPassword(details.password) : null
      const user = await manager.save(
        StaffUser,
        manager.create(StaffUser, {
          email,
          name: details.name,
          roles: [...new Set(details.roles)],
          boardTermStartsOn: details.boardTermStartsOn ?? null,
          boardTermEndsOn: details.boardTermEndsOn ?? null,
          passwordHash,
          passwordChangedAt: passwordHash ? new Date() : null,
        }),
      )
      await audit(manager, staffActor(by), { action: 'staff.created', subjectType: 'staff_user', subjectId: user.id, note: user.roles.join(', ') })
      if (!passwordHash) await this.sendLink(manager, user, 'invitation')
      return user
    })
  }

  /** A new setup link when nobody can sign in yet; earlier setup links stop working. */
  async createSetupLinkIfNoStaff(now = new Date()): Promise<string | null> {
    return this.dataSource.transaction(async (manager) => {
      // Serialise concurrent starts of several instances.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('staff-setup'))`)
      if (await manager.exists(StaffUser)) return null
      await manager.delete(StaffToken, { purpose: 'setup' })
      const { token, hash } = createToken()
      await manager.insert(StaffToken, { tokenHash: hash, purpose: 'setup', staffUserId: null, expiresAt: this.expiry('setup', now) })
      return `${this.baseUrl}/setup?token=${token}`
    })
  }

  /** Whether a link can still be used, without using it. */
  async isLinkUsable(token: unknown, purpose: StaffTokenPurpose, now = new Date()): Promise<StaffUser | 'setup' | null> {
    if (!isWellFormedToken(token)) return null
    const row = await this.dataSource.getRepository(StaffToken).findOne({
      where: { tokenHash: hashToken(token), purpose },
      relations: { staffUser: true },
    })
    if (!row || row.usedAt || row.expiresAt <= now) return null
    if (purpose === 'setup') return (await this.hasAnyStaff()) ? null : 'setup'
    return row.staffUser && row.staffUser.active ? row.staffUser : null
  }

  /** Uses the setup link to make the first admin. Returns null when the link cannot be used. */
  async setUpFirstAdmin(token: string, details: { email: string; name: string; password: string }): Promise<StaffUser | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('staff-setup'))`)
      if (!(await this.useToken(manager, token, 'setup'))) return null
      if (await manager.exists(StaffUser)) return null
      const user = await manager.save(
        StaffUser,
        manager.create(StaffUser, {
          email: normaliseEmail(details.email),
          name: details.name,
          roles: ['admin'],
          passwordHash: await hashPassword(details.password),
          passwordChangedAt: new Date(),
        }),
      )
      await audit(manager, { type: 'system', id: null }, { action: 'staff.first-admin-created', subjectType: 'staff_user', subjectId: user.id })
      return user
    })
  }

  /** Sets the password from an invitation or a reset link. Null when the link cannot be used. */
  async setPasswordWithLink(token: string, purpose: 'invitation' | 'password-reset', password: string): Promise<StaffUser | null> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.useToken(manager, token, purpose)
      if (!row?.staffUserId) return null
      const user = await manager.findOneBy(StaffUser, { id: row.staffUserId, active: true })
      if (!user) return null
      await manager.update(StaffUser, { id: user.id }, {
        passwordHash: await hashPassword(password),
        passwordChangedAt: new Date(),
        failedSignIns: 0,
        lockedUntil: null,
      })
      // Any other link for this person stops working, and so does every session they had.
      await manager.query(`UPDATE staff_tokens SET used_at = now() WHERE staff_user_id = $1 AND used_at IS NULL`, [user.id])
      await endStaffSessions(manager, user.id)
      await audit(manager, staffActor(user), { action: purpose === 'invitation' ? 'staff.invitation-accepted' : 'staff.password-reset', subjectType: 'staff_user', subjectId: user.id })
      return user
    })
  }

  /**
   * Emails a reset link when the address belongs to an active account; says nothing either way.
   * For any other address the same work (a link and its email, in a savepoint) is done and then
   * undone, so that how long the answer takes does not tell anyone who has an account.
   */
  async requestPasswordReset(email: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneBy(StaffUser, { email: normaliseEmail(email), active: true })
      await manager.query(`SAVEPOINT "reset_link"`)
      await this.sendLink(manager, user ?? { id: null, email: normaliseEmail(email), name: '' }, 'password-reset')
      await manager.query(user ? `RELEASE SAVEPOINT "reset_link"` : `ROLLBACK TO SAVEPOINT "reset_link"`)
    })
  }

  findById(id: string): Promise<StaffUser | null> {
    return this.dataSource.getRepository(StaffUser).findOneBy({ id })
  }

  async setNewApplicationEmails(userId: string, choice: 'immediate' | 'digest'): Promise<void> {
    await this.dataSource.getRepository(StaffUser).update({ id: userId }, { newApplicationEmails: choice })
  }

  /** Active board members, for emails to the board. */
  boardMembers(manager: EntityManager, options: { newApplicationEmails?: 'immediate' | 'digest' } = {}): Promise<StaffUser[]> {
    const query = manager
      .getRepository(StaffUser)
      .createQueryBuilder('staff')
      .where('staff.active')
      .andWhere(`'board-member' = ANY(staff.roles)`)
      .orderBy('staff.name')
    if (options.newApplicationEmails) query.andWhere('staff.new_application_emails = :choice', { choice: options.newApplicationEmails })
    return query.getMany()
  }

  private expiry(purpose: StaffTokenPurpose, now = new Date()): Date {
    return new Date(now.getTime() + TOKEN_LIFETIME_HOURS[purpose] * 60 * 60 * 1000)
  }

  private async useToken(manager: EntityManager, token: string, purpose: StaffTokenPurpose): Promise<StaffToken | null> {
    if (!isWellFormedToken(token)) return null
    const result = await manager
      .createQueryBuilder()
      .update(StaffToken)
      .set({ usedAt: () => 'now()' })
      .where('token_hash = :hash AND purpose = :purpose AND used_at IS NULL AND expires_at > now()', { hash: hashToken(token), purpose })
      .returning(['id', 'staffUserId'])
      .execute()
    const row = (result.raw as { id: string; staff_user_id: string | null }[])[0]
    return row ? Object.assign(new StaffToken(), { id: row.id, staffUserId: row.staff_user_id }) : null
  }

  private async sendLink(manager: EntityManager, user: Pick<StaffUser, 'email' | 'name'> & { id: string | null }, purpose: 'invitation' | 'password-reset'): Promise<void> {
    const { token, hash } = createToken()
    const inserted = await manager.save(StaffToken, manager.create(StaffToken, { tokenHash: hash, purpose, staffUserId: user.id, expiresAt: this.expiry(purpose) }))
    const path = purpose === 'invitation' ? 'invitation' : 'reset-password'
    await this.mail.enqueue(manager, {
      key: `staff-${purpose}:${inserted.id}`,
      template: purpose === 'invitation' ? 'staff-invitation' : 'staff-password-reset',
      to: user.email,
      data: { name: user.name, link: `${this.baseUrl}/${path}/${token}`, hours: TOKEN_LIFETIME_HOURS[purpose] },
    })
  }
}

/** Signs someone out everywhere: their sessions live in the sessions table. */
export async function endStaffSessions(manager: EntityManager, userId: string): Promise<void> {
  await manager.query(`DELETE FROM sessions WHERE (sess::jsonb #>> '{passport,user}') = $1`, [userId])
}
