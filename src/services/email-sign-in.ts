import type { EntityManager } from 'typeorm'
import type { Tx } from '../actions/tx.ts'
import { createToken, hashToken, isWellFormedToken } from './tokens.ts'

/**
 * Emailed one-time sign-in links, for people who have no account: applicants at /my-application
 * and new executives at /my-onboarding. A link is a row in one_time_tokens holding only a
 * SHA-256 of the token, short-lived and good for one use. Each kind of sign-in says what it is
 * (its purpose) and how long its links work; which email answers a request, and where its link
 * points (the email template builds the link from baseUrl), is up to the caller.
 */
export interface EmailSignIn {
  /** One of the purposes the one_time_tokens CHECK constraint allows. */
  purpose: 'applicant-sign-in' | 'executive-sign-in'
  /** How long an emailed link works. */
  linkMinutes: number
}

/** An applicant signs in to /my-application to see and withdraw their applications. */
export const APPLICANT_SIGN_IN: EmailSignIn = { purpose: 'applicant-sign-in', linkMinutes: 15 }

/** A new executive signs in to /my-onboarding to work through their getting-started checklist. */
export const EXECUTIVE_SIGN_IN: EmailSignIn = { purpose: 'executive-sign-in', linkMinutes: 15 }

/** The link in the welcome email works once, for longer: a new executive may not look at once. */
export const WELCOME_LINK_DAYS = 7
export const EXECUTIVE_WELCOME_SIGN_IN: EmailSignIn = { ...EXECUTIVE_SIGN_IN, linkMinutes: WELCOME_LINK_DAYS * 24 * 60 }

/** How long a sign-in lasts, however active the person is. */
export const SIGN_IN_MAX_AGE_MS = 60 * 60 * 1000

/** The email that answers a request for a link: a template in views/emails and its data. */
export interface SignInEmail {
  template: string
  data: Record<string, unknown>
}

/**
 * Stores a new link for `email`, working for `linkMinutes`, and returns the token to put in it
 * (never stored) with the row's id. For a link that goes out in an email of its own, such as a
 * welcome; a request for a link goes through emailSignInLink.
 */
export async function createSignInToken(manager: EntityManager, signIn: EmailSignIn, email: string): Promise<{ id: string; token: string }> {
  const { token, hash } = createToken()
  const inserted: { id: string }[] = await manager.query(
    `INSERT INTO "one_time_tokens" ("token_hash", "purpose", "email", "expires_at")
     VALUES ($1, $2, $3, now() + make_interval(mins => $4))
     RETURNING "id"`,
    [hash, signIn.purpose, email, signIn.linkMinutes],
  )
  return { id: inserted[0]!.id, token }
}

/**
 * Emails `email` (lower-cased) in the action's transaction, doing the same work whether or not
 * the address is known, so that neither the response nor its timing tells anyone who has an
 * account of this kind: a token row and an email every time. `compose(token)` chooses the email;
 * for an unknown address it leaves the token out, which then only keeps the work the same.
 */
export async function emailSignInLink(tx: Tx, signIn: EmailSignIn, email: string, compose: (token: string) => SignInEmail): Promise<void> {
  const { id, token } = await createSignInToken(tx.manager, signIn, email)
  await tx.email({ key: `${signIn.purpose}:${id}`, to: email, ...compose(token) })
}

/**
 * The address a link was sent to while it would still sign someone in, else null. Reads only:
 * a link scanner's GET uses nothing up.
 */
export async function signInLinkAddress(db: EntityManager, signIn: EmailSignIn, token: string): Promise<string | null> {
  if (!isWellFormedToken(token)) return null
  const rows: { email: string }[] = await db.query(
    `SELECT "email" FROM "one_time_tokens"
     WHERE "token_hash" = $1 AND "purpose" = $2 AND "used_at" IS NULL AND "expires_at" > now()`,
    [hashToken(token), signIn.purpose],
  )
  return rows[0]?.email ?? null
}

/**
 * Uses the link up and returns the address it was sent to, or null when it is malformed,
 * unknown, expired or already used. One statement, so two requests racing cannot both win.
 */
export async function redeemSignInLink(db: EntityManager, signIn: EmailSignIn, token: string): Promise<string | null> {
  if (!isWellFormedToken(token)) return null
  const [rows]: [{ email: string }[], number] = await db.query(
    `UPDATE "one_time_tokens" SET "used_at" = now()
     WHERE "token_hash" = $1 AND "purpose" = $2 AND "used_at" IS NULL AND "expires_at" > now()
     RETURNING "email"`,
    [hashToken(token), signIn.purpose],
  )
  return rows[0]?.email ?? null
}
