import encodeQR from '@paulmillr/qr'
import { generateSecret, generateURI, verify } from 'otplib'
import { IsNull, type DataSource, type EntityManager } from 'typeorm'
import { LIMITS } from '../domain/limits.ts'
import { generateRecoveryCodes, normaliseRecoveryCode, normaliseTotpCode, qrPath, TOTP } from '../domain/second-factor.ts'
import { StaffRecoveryCode, StaffSecondFactor, type StaffUser } from '../entities/index.ts'
import { hashKey } from '../middleware/pg-rate-limit-store.ts'
import type { DataEncryption } from './data-encryption.ts'
import type { StaffService } from './staff.service.ts'
import { hashToken } from './tokens.ts'

const TOLERANCE_SECONDS = TOTP.driftSteps * TOTP.periodSeconds
const ACCOUNT_FAILURES = LIMITS.secondFactorFailuresPerAccount
const accountFailuresKey = (userId: string) => `second-factor-failures:${hashKey(userId)}`
/** What the secret of a person's app is bound to when encrypted: it opens only for them. */
const secretContext = (userId: string) => `staff-totp-secret:${userId}`

/** The 30-second step of a code that is right for the secret at `when`, give or take one step; null when it is not. */
async function verifyTotp(secret: string, code: string, when: Date): Promise<number | null> {
  const result = await verify({
    secret,
    token: code,
    digits: TOTP.digits,
    period: TOTP.periodSeconds,
    epoch: Math.floor(when.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
  })
  // The default strategy is TOTP, whose answer carries the time step.
  return result.valid && 'timeStep' in result ? result.timeStep : null
}

/** What the code step answers. `waitSeconds`: this client, or (`accountLimit`) everyone, must wait before trying this account again. */
export type CodeCheck = { ok: true; recoveryCodesLeft?: number } | { ok: false; waitSeconds?: number; accountLimit?: boolean; reused?: boolean }

/** An authenticator app being set up: the secret, the otpauth:// link and its QR code as an SVG path. */
export interface Provisioning {
  secret: string
  uri: string
  qr: { size: number; path: string }
}

export interface SecondFactorStatus {
  setUpAt: Date
  recoveryCodesLeft: number
}

/**
 * Staff second factors: an authenticator app (TOTP through otplib) and one-time recovery codes.
 * Checking a code is counted as a sign-in try: wrong codes slow down the client for the account
 * exactly as wrong passwords do (StaffService), and too many for the account from anywhere stop
 * the code step for a while.
 */
export class SecondFactorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly encryption: DataEncryption,
    private readonly staff: StaffService,
  ) {}

  /** A new secret, sealed so that it can wait in the session while the app is set up. */
  newSealedSecret(userId: string): string {
    return this.encryption.seal(generateSecret(), secretContext(userId))
  }

  /** Recovery codes to show once, sealed for the session that shows them. */
  sealCodesForSession(codes: string[], userId: string): string {
    return this.encryption.seal(codes.join(' '), `staff-recovery-codes:${userId}`)
  }

  openCodesFromSession(sealed: string, userId: string): string[] | null {
    return this.encryption.open(sealed, `staff-recovery-codes:${userId}`)?.split(' ') ?? null
  }

  /** The sealed secret of a set-up in progress, or null when it does not open (another person's, another key). */
  provisioning(sealedSecret: string, user: Pick<StaffUser, 'id' | 'email'>, issuer: string): Provisioning | null {
    const secret = this.encryption.open(sealedSecret, secretContext(user.id))
    if (!secret) return null
    const uri = generateURI({ issuer, label: user.email, secret, digits: TOTP.digits, period: TOTP.periodSeconds })
    const modules = encodeQR(uri, 'raw', { ecc: 'medium', border: 4 })
    return { secret, uri, qr: { size: modules.length, path: qrPath(modules) } }
  }

  /** The time step of the typed code when it is right for the secret being set up; null otherwise. */
  async checkSetUpCode(sealedSecret: string, userId: string, typed: string): Promise<number | null> {
    const secret = this.encryption.open(sealedSecret, secretContext(userId))
    const code = normaliseTotpCode(typed)
    if (!secret || !code) return null
    return verifyTotp(secret, code, new Date())
  }

  async status(userId: string): Promise<SecondFactorStatus | null> {
    const factor = await this.dataSource.getRepository(StaffSecondFactor).findOneBy({ staffUserId: userId })
    if (!factor) return null
    const recoveryCodesLeft = await this.dataSource.getRepository(StaffRecoveryCode).countBy({ staffUserId: userId, usedAt: IsNull() })
    return { setUpAt: factor.createdAt, recoveryCodesLeft }
  }

  /**
   * The code from the person's app, at the sign-in step after their password. Each code works
   * once: its time step must be later than the last one used, and is then recorded as used (one
   * UPDATE, so two requests with the same code cannot both succeed). A code already used is
   * told apart, so the person knows to wait for the next one; it still counts as a failure.
   */
  async checkSignInCode(user: Pick<StaffUser, 'id' | 'email'>, typed: string, client: string, now = new Date()): Promise<CodeCheck> {
    return this.attempt(user, client, now, async () => {
      const code = normaliseTotpCode(typed)
      const factor = await this.dataSource.getRepository(StaffSecondFactor).findOneBy({ staffUserId: user.id })
      const secret = factor ? this.encryption.open(factor.secretCiphertext, secretContext(user.id)) : null
      if (!factor || !secret || !code) return false
      const timeStep = await verifyTotp(secret, code, now)
      if (timeStep === null) return false
      const used = await this.dataSource
        .createQueryBuilder()
        .update(StaffSecondFactor)
        .set({ lastTimeStep: String(timeStep) })
        .where('staff_user_id = :userId AND (last_time_step IS NULL OR last_time_step < :step)', { userId: user.id, step: timeStep })
        .execute()
      return used.affected === 1 ? {} : 'reused'
    })
  }

  /** A recovery code instead of the app's code: each works once. Tells how many are left. */
  async useRecoveryCode(user: Pick<StaffUser, 'id' | 'email'>, typed: string, client: string, now = new Date()): Promise<CodeCheck> {
    return this.attempt(user, client, now, async () => {
      const code = normaliseRecoveryCode(typed)
      if (!code) return false
      const used = await this.dataSource
        .createQueryBuilder()
        .update(StaffRecoveryCode)
        .set({ usedAt: now })
        .where('staff_user_id = :userId AND code_hash = :hash AND used_at IS NULL', { userId: user.id, hash: hashToken(code) })
        .execute()
      if (used.affected !== 1) return false
      const recoveryCodesLeft = await this.dataSource.getRepository(StaffRecoveryCode).countBy({ staffUserId: user.id, usedAt: IsNull() })
      return { recoveryCodesLeft }
    })
  }

  /** Runs one check of a code within the limits, and counts it as a sign-in try either way. */
  private async attempt(
    user: Pick<StaffUser, 'id' | 'email'>,
    client: string,
    now: Date,
    check: () => Promise<false | 'reused' | { recoveryCodesLeft?: number }>,
  ): Promise<CodeCheck> {
    const waitSeconds = await this.staff.secondsBeforeNextTry(user.email, client, now)
    if (waitSeconds > 0) return { ok: false, waitSeconds }
    const accountWait = await this.accountWaitSeconds(user.id, now)
    if (accountWait > 0) return { ok: false, waitSeconds: accountWait, accountLimit: true }
    const outcome = await check()
    if (outcome === false || outcome === 'reused') {
      await this.staff.recordFailure(user.email, client, now)
      await this.countAccountFailure(user.id, now)
      return outcome === 'reused' ? { ok: false, reused: true } : { ok: false }
    }
    await this.staff.clearFailures(user.email, client)
    return { ok: true, ...outcome }
  }

  /** Wrong codes for the account from every client, in a fixed window from the first of them. */
  private async countAccountFailure(userId: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "rate_limit_hits" AS "hit" ("key", "hits", "reset_at")
       VALUES ($1, 1, $2::timestamptz + make_interval(mins => $3))
       ON CONFLICT ("key") DO UPDATE SET
         "hits" = CASE WHEN "hit"."reset_at" <= $2 THEN 1 ELSE "hit"."hits" + 1 END,
         "reset_at" = CASE WHEN "hit"."reset_at" <= $2 THEN excluded."reset_at" ELSE "hit"."reset_at" END`,
      [accountFailuresKey(userId), now, ACCOUNT_FAILURES.windowMinutes],
    )
  }

  private async accountWaitSeconds(userId: string, now: Date): Promise<number> {
    const rows: { hits: number; reset_at: Date }[] = await this.dataSource.query(
      `SELECT "hits", "reset_at" FROM "rate_limit_hits" WHERE "key" = $1 AND "reset_at" > $2`,
      [accountFailuresKey(userId), now],
    )
    const row = rows[0]
    if (!row || row.hits < ACCOUNT_FAILURES.limit) return 0
    return Math.ceil((new Date(row.reset_at).getTime() - now.getTime()) / 1000)
  }
}

/**
 * Stores the app set up (replacing any earlier one) with the code's time step as used, and a new
 * set of recovery codes (their hashes). In the caller's transaction; returns the codes to show once.
 */
export async function storeAuthenticatorApp(manager: EntityManager, userId: string, sealedSecret: string, usedTimeStep: number): Promise<string[]> {
  await manager.delete(StaffSecondFactor, { staffUserId: userId })
  await manager.insert(StaffSecondFactor, { staffUserId: userId, kind: 'totp', secretCiphertext: sealedSecret, lastTimeStep: String(usedTimeStep) })
  return replaceRecoveryCodes(manager, userId)
}

/** A new set of recovery codes; the old ones stop working. Returns the codes to show once. */
export async function replaceRecoveryCodes(manager: EntityManager, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes()
  await manager.delete(StaffRecoveryCode, { staffUserId: userId })
  await manager.insert(
    StaffRecoveryCode,
    codes.map((code) => ({ staffUserId: userId, codeHash: hashToken(normaliseRecoveryCode(code)!) })),
  )
  return codes
}

/** Removes the app and the recovery codes (an admin's reset), in the caller's transaction; false when there was no app. */
export async function removeSecondFactor(manager: EntityManager, userId: string): Promise<boolean> {
  const removed = await manager.delete(StaffSecondFactor, { staffUserId: userId })
  await manager.delete(StaffRecoveryCode, { staffUserId: userId })
  return (removed.affected ?? 0) > 0
}
