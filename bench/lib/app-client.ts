// Talking to the app as a browser behind the TLS-terminating proxy would.
import type pg from 'pg'
import { hashPassword } from '../../src/services/password-hashing.ts'
import type { Server } from './processes.ts'

// The app runs as in production: its cookies are Secure, so they are only set on a request that
// arrived over HTTPS. The bench plays the TLS-terminating proxy (the app runs with TRUST_PROXY=1).
export const BEHIND_HTTPS_PROXY = { 'X-Forwarded-Proto': 'https' }

export interface BenchContext {
  /** The bench database, migrated and seeded by the app. */
  databaseUrl: string
  app: Server
  baselines: { http: Server; express: Server }
  /** The environment the app was started with, for starting another like it. */
  appEnv: NodeJS.ProcessEnv
  appArgs: string[]
  /** Cookie header of a board member signed in (set by the queue target). */
  boardMemberCookie?: string
}

export function cookiesOf(response: Response): Map<string, string> {
  return new Map(
    response.headers.getSetCookie().map((cookie) => {
      const pair = cookie.split(';')[0]!
      const at = pair.indexOf('=')
      return [pair.slice(0, at), pair.slice(at + 1)] as const
    }),
  )
}

function sessionCookieOf(response: Response): string | null {
  for (const [name, value] of cookiesOf(response)) if (/^(__Host-)?session$/.test(name)) return `${name}=${value}`
  return null
}

/** Signs in through the real form, as a browser would; returns the session cookie. */
async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${baseUrl}/sign-in`, { headers: BEHIND_HTTPS_PROXY })
  const csrfToken = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1]
  // Before a session holds anything, the form's CSRF token is kept in a cookie of its own.
  const formCookie = [...cookiesOf(form)].map(([name, value]) => `${name}=${value}`).join('; ')
  if (!csrfToken || !formCookie) throw new Error(`GET /sign-in gave no CSRF token or cookie (HTTP ${form.status})`)
  const response = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...BEHIND_HTTPS_PROXY, Cookie: formCookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfToken, email, password }).toString(),
  })
  await response.arrayBuffer()
  // Signing in starts a new session (a new id), so take the cookie from this answer.
  const cookie = sessionCookieOf(response)
  if (response.status !== 303 || !cookie) throw new Error(`POST /sign-in answered ${response.status}${cookie ? '' : ' without a session cookie'}`)
  return cookie
}

/** Makes a board member with a random password and signs them in; returns the session cookie. */
export async function boardMemberSession(client: pg.Client, baseUrl: string): Promise<string> {
  const email = 'bench-board-member@example.org'
  const password = crypto.randomUUID()
  await client.query(
    `INSERT INTO staff_users (email, name, roles, password_hash, password_changed_at)
     VALUES ($1, 'Bench board member', ARRAY['board-member']::text[], $2, now())`,
    [email, await hashPassword(password)],
  )
  return signIn(baseUrl, email, password)
}

/** GETs a page and throws unless it answers 200 with `expected` in it. */
export async function expectPage(url: string, headers: Record<string, string>, expected: string): Promise<string> {
  const response = await fetch(url, { headers, redirect: 'manual' })
  const body = await response.text()
  if (response.status !== 200 || !body.includes(expected)) {
    throw new Error(`GET ${new URL(url).pathname}${new URL(url).search} answered ${response.status}${response.status === 200 ? ` without "${expected}"` : ''}`)
  }
  return body
}
