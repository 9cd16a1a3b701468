// Staff authenticator apps in tests: codes are made with otplib from the secret, as the person's
// app makes them, never by waiting for the clock.
import assert from 'node:assert/strict'
import { generate } from 'otplib'
import type { Agent, Response } from 'supertest'
import { setUpAuthenticatorApp } from '../../src/actions/account/set-up-authenticator-app.ts'
import { TOTP } from '../../src/domain/second-factor.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import { DataEncryption } from '../../src/services/data-encryption.ts'
import type { TestApp } from './app.ts'
import { submitForm } from './forms.ts'
import { signIn } from './staff.ts'

const STEP_MS = TOTP.periodSeconds * 1000

/** The code an authenticator app holding `secret` shows at `when`. */
export function codeAt(secret: string, when: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(when.getTime() / 1000), digits: TOTP.digits, period: TOTP.periodSeconds })
}

/** The secret in the database, decrypted with the app's key, as only the service itself can. */
export async function storedSecret(t: TestApp, user: Pick<StaffUser, 'id'>): Promise<string> {
  const [row]: { secret_ciphertext: string }[] = await t.database.dataSource.query(`SELECT "secret_ciphertext" FROM "staff_second_factors" WHERE "staff_user_id" = $1`, [user.id])
  assert.ok(row, 'the staff member has an authenticator app')
  const secret = new DataEncryption(t.services.config.dataEncryption.key).open(row.secret_ciphertext, `staff-totp-secret:${user.id}`)
  assert.ok(secret, 'the stored secret opens with the key')
  return secret
}

/** An authenticator app set up for a staff member without the pages: its secret and recovery codes. */
export async function giveAuthenticatorApp(t: TestApp, user: Pick<StaffUser, 'id' | 'email'>): Promise<{ secret: string; recoveryCodes: string[] }> {
  const sealedSecret = t.services.secondFactor.newSealedSecret(user.id)
  const { secret } = t.services.secondFactor.provisioning(sealedSecret, user, 'Test')!
  const usedTimeStep = (await t.services.secondFactor.checkSetUpCode(sealedSecret, user.id, await codeAt(secret, new Date())))!
  const recoveryCodes = await t.services.act(setUpAuthenticatorApp, { userId: user.id, sealedSecret, usedTimeStep, sessionId: 'none' }, { type: 'staff', id: user.id })
  return { secret, recoveryCodes }
}

/**
 * A code not used yet: the app's code now, or the next step's (within the one step of drift)
 * when this one was used by an earlier sign-in in the same test. Further back than that, the
 * last use is moved a minute into the past, as if that sign-in had been a while ago.
 */
export async function freshCode(t: TestApp, user: Pick<StaffUser, 'id'>, secret: string): Promise<string> {
  const now = Date.now()
  const step = Math.floor(now / STEP_MS)
  const [row]: { last_time_step: string | null }[] = await t.database.dataSource.query(`SELECT "last_time_step" FROM "staff_second_factors" WHERE "staff_user_id" = $1`, [user.id])
  const last = row?.last_time_step === null || row === undefined ? -Infinity : Number(row.last_time_step)
  if (last < step) return codeAt(secret, new Date(now))
  if (last === step) return codeAt(secret, new Date((step + 1) * STEP_MS))
  await t.database.dataSource.query(`UPDATE "staff_second_factors" SET "last_time_step" = $2 WHERE "staff_user_id" = $1`, [user.id, step - 2])
  return codeAt(secret, new Date(now))
}

/** Signs in through the real forms: the password, then the app's code. Returns the answer to the code. */
export async function signInWithCode(t: TestApp, agent: Agent, user: Pick<StaffUser, 'id' | 'email'>, secret: string): Promise<Response> {
  const password = await signIn(agent, user)
  assert.equal(password.headers.location, '/sign-in/code', 'the password leads to the code step')
  return submitForm(agent, '/sign-in/code', { code: await freshCode(t, user, secret) })
}

/** Turns "staff must use SSO or a second factor" on or off (the test database starts with it off). */
export async function setSecondFactorPolicy(t: TestApp, on: boolean): Promise<void> {
  await t.database.dataSource.query(`UPDATE "settings" SET "staff_second_factor_required" = $1`, [on])
  t.services.settings.changed()
}
