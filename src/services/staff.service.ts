import type { DataSource, EntityManager } from 'typeorm'
import { normaliseEmail } from '../domain/text.ts'
import type { StaffRole } from '../domain/staff-roles.ts'
import { StaffSecondFactor, StaffToken, StaffUser } from '../entities/index.ts'
import type { StaffTokenPurpose } from '../entities/staff-token.entity.ts'
import type { MailService } from '../mail/outbox.ts'
import { audit, type Actor } from './audit.ts'
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password-hashing.ts'
import { createToken, hashToken, isWellFormedToken } from './tokens.ts'
import { AppError } from '../domain/errors.ts'
import { LIMITS, signInDelaySeconds } from '../domain/limits.ts'
import { hashKey } from '../middleware/pg-rate-limit-store.ts'
import { entitiesPrepared } from '../db/prepared.ts'

/** Failed sign-ins are counted per account and client in rate_limit_hits, under hashes. */
const FAILURES_PREFIX = 'staff-sign-in-failures:'
const FAILURES_KEPT_MINUTES = LIMITS.staffSignInFailuresPerAccountAndClient.windowMinutes
const accountPrefix = (email: string) => `${FAILURES_PREFIX}${hashKey(normaliseEmail(email))}:`
const failuresKey = (email: string, client: string) => `${accountPrefix(email)}${hashKey(client)}`
const TOKEN_LIFETIME_HOURS: Record<StaffTokenPurpose, number> = { setup: 24, invitation: 72, 'password-reset': 1 }

export class EmailTakenError extends AppError {}

/**
 * `waitSeconds`: this client tried this account too often; the password was not checked.
 * `secondFactor`: the password was right, and the account's authenticator app code comes next.
 */
export type SignInResult = { ok: true; user: StaffUser; secondFactor: boolean } | { ok: false; waitSeconds?: number }

export interface NewStaffUser {
  email: string
  name: string
  roles: StaffRole[]
  /** Someone without one is invited instead: see inviteStaffUser. */
  password: string
}

function staffActor(user: Pick<StaffUser, 'id'> | null): Actor {
  return user ? { type: 'staff', id: user.id } : { type: 'system', id: null }
}

function expiry(purpose: StaffTokenPurpose, now = new Date()): Date {
  return new Date(now.getTime() + TOKEN_LIFETIME_HOURS[purpose] * 60 * 60 * 1000)
}

export type StaffUserDetails = Omit<NewStaffUser, 'password'> & { boardTermStartsOn?: string | null; boardTermEndsOn?: string | null }

/**
 * Adds a staff account in the caller's transaction, with a password (its hash) or none yet (an
 * invitation), and audits it. EmailTakenError when an account already has the address.
 */
export async function addStaffUser(manager: EntityManager, details: StaffUserDetails, passwordHash: string | null, by: Actor): Promise<StaffUser> {
  const email = normaliseEmail(details.email)
  if (await manager.existsBy(StaffUser, { email })) throw new EmailTakenError(`A staff account already uses ${email}`)
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
  await audit(manager, by, { action: 'staff.created', subjectType: 'staff_user', subjectId: user.id, note: user.roles.join(', ') })
  return user
}

/**
 * Stores a new invitation or reset link for someone, in the caller's transaction; returns the
 * token to put in the email (only its hash is stored) and how many hours it works.
 */
export async function createStaffToken(
  manager: EntityManager,
  purpose: 'invitation' | 'password-reset',
  staffUserId: string | null,
): Promise<{ id: string; token: string; hours: number }> {
  const { token, hash } = createToken()
  const inserted = await manager.save(StaffToken, manager.create(StaffToken, { tokenHash: hash, purpose, staffUserId, expiresAt: expiry(purpose) }))
  return { id: inserted.id, token, hours: TOKEN_LIFETIME_HOURS[purpose] }
}

export class StaffService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly baseUrl: string,
  ) {}

  /** Read on every signed-in request (the session's user): prepared. */
  async findActiveById(id: string): Promise<StaffUser | null> {
    const [user] = await entitiesPrepared(this.dataSource.manager, StaffUser, `WHERE "id" = $1 AND "active"`, [id])
    return user ?? null
  }

  findActiveByEmail(email: string): Promise<StaffUser | null> {
    return this.dataSource.getRepository(StaffUser).findOneBy({ email: normaliseEmail(email), active: true })
  }

  async recordSignIn(id: string, now = new Date()): Promise<void> {
    await this.dataSource.getRepository(StaffUser).update({ id }, { lastSignedInAt: now })
  }

  async hasAnyStaff(): Promise<boolean> {
    return this.dataSource.getRepository(StaffUser).exists()
  }

  /**
   * Checks an email and password from a client (its IP address). Unknown addresses, wrong
   * passwords and deactivated accounts all fail the same way and take about the same time.
   * After a few failures for one account from one client, each further try from that client
   * must wait longer (signInDelaySeconds), known account or not; other clients, such as the
   * owner on their own network, are not affected. A sign-in or a password reset clears it.
   */
  async signIn(email: string, password: string, client: string, now = new Date()): Promise<SignInResult> {
    const waitSeconds = await this.secondsBeforeNextTry(email, client, now)
    if (waitSeconds > 0) return { ok: false, waitSeconds }
    const repository = this.dataSource.getRepository(StaffUser)
    const user = await repository.findOneBy({ email: normaliseEmail(email) })
    const hash = user?.passwordHash ?? (await dummyPasswordHash())
    const correct = await verifyPassword(hash, password)
    if (!user || !user.active || !user.passwordHash || !correct) {
      await this.recordFailure(email, client, now)
      return { ok: false }
    }
    const secondFactor = await this.dataSource.getRepository(StaffSecondFactor).existsBy({ staffUserId: user.id })
    // With a second factor the failures are cleared only once its code is right too: otherwise a
    // right password would give whoever has it a fresh set of tries at the code.
    if (!secondFactor) await this.clearFailures(email, client)
    const changes: Partial<StaffUser> = { lastSignedInAt: now }
    if (needsRehash(user.passwordHash)) changes.passwordHash = await hashPassword(password)
    await repository.update({ id: user.id }, changes)
    return { ok: true, user: { ...user, ...changes } as StaffUser, secondFactor }
  }

  /**
   * Counts one failed try for an account (a typed address) from a client: a wrong password, or a
   * wrong code after a right one. Kept FAILURES_KEPT_MINUTES after the last failure.
   */
  async recordFailure(email: string, client: string, now = new Date()): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "rate_limit_hits" AS "hit" ("key", "hits", "reset_at")
       VALUES ($1, 1, $2::timestamptz + make_interval(mins => $3))
       ON CONFLICT ("key") DO UPDATE SET
         "hits" = CASE WHEN "hit"."reset_at" <= $2 THEN 1 ELSE "hit"."hits" + 1 END,
         "reset_at" = excluded."reset_at"`,
      [failuresKey(email, client), now, FAILURES_KEPT_MINUTES],
    )
  }

  /** A sign-in from this client finished: its failures for the account are forgotten. */
  async clearFailures(email: string, client: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM "rate_limit_hits" WHERE "key" = $1`, [failuresKey(email, client)])
  }

  /** How long this client must wait before its next try at this account (0: it may try now). The row's reset_at is always FAILURES_KEPT_MINUTES after the last failure. */
  async secondsBeforeNextTry(email: string, client: string, now = new Date()): Promise<number> {
    const rows: { hits: number; reset_at: Date }[] = await this.dataSource.query(
      `SELECT "hits", "reset_at" FROM "rate_limit_hits" WHERE "key" = $1 AND "reset_at" > $2`,
      [failuresKey(email, client), now],
    )
    const row = rows[0]
    if (!row) return 0
    const lastFailure = new Date(row.reset_at).getTime() - FAILURES_KEPT_MINUTES * 60 * 1000
    return Math.max(0, Math.ceil((lastFailure + signInDelaySeconds(row.hits) * 1000 - now.getTime()) / 1000))
  }

  /** Adds a staff member who can sign in at once, with the password given (the CLI, tests). */
  async create(details: NewStaffUser & StaffUserDetails, by: Pick<StaffUser, 'id'> | null): Promise<StaffUser> {
    const passwordHash = await hashPassword(details.password)
    return this.dataSource.transaction((manager) => addStaffUser(manager, details, passwordHash, staffActor(by)))
  }

  /** A new setup link when nobody can sign in yet; earlier setup links stop working. */
  async createSetupLinkIfNoStaff(now = new Date()): Promise<string | null> {
    return this.dataSource.transaction(async (manager) => {
      // Serialise concurrent starts of several instances.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('staff-setup'))`)
      if (await manager.exists(StaffUser)) return null
      await manager.delete(StaffToken, { purpose: 'setup' })
      const { token, hash } = createToken()
      await manager.insert(StaffToken, { tokenHash: hash, purpose: 'setup', staffUserId: null, expiresAt: expiry('setup', now) })
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
      })
      // Failed sign-ins for this account are forgotten, from every client.
      await manager.query(`DELETE FROM "rate_limit_hits" WHERE starts_with("key", $1)`, [accountPrefix(user.email)])
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
      // The same work whether or not the account exists, so that timing tells nobody which: the
      // link and its email are made for both, then undone for an unknown address.
      await manager.query(`SAVEPOINT "reset_link"`)
      const { id, token, hours } = await createStaffToken(manager, 'password-reset', user?.id ?? null)
      await this.mail.enqueue(manager, {
        key: `staff-password-reset:${id}`,
        template: 'staff-password-reset',
        to: user?.email ?? normaliseEmail(email),
        data: { name: user?.name ?? '', link: `${this.baseUrl}/reset-password/${token}`, hours },
      })
      await manager.query(user ? `RELEASE SAVEPOINT "reset_link"` : `ROLLBACK TO SAVEPOINT "reset_link"`)
    })
  }

  findById(id: string): Promise<StaffUser | null> {
    return this.dataSource.getRepository(StaffUser).findOneBy({ id })
  }

  async setNewApplicationEmails(userId: string, choice: 'immediate' | 'digest'): Promise<void> {
    await this.dataSource.getRepository(StaffUser).update({ id: userId }, { newApplicationEmails: choice })
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
}

/** Signs someone out everywhere (but in `exceptSessionId`, when given): their sessions live in the sessions table. */
export async function endStaffSessions(manager: EntityManager, userId: string, exceptSessionId?: string): Promise<void> {
  await manager.query(`DELETE FROM sessions WHERE (sess::jsonb #>> '{passport,user}') = $1 AND sid IS DISTINCT FROM $2`, [userId, exceptSessionId ?? null])
}
