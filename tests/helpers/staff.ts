import request, { type Agent } from 'supertest'
import type { StaffRole } from '../../src/domain/staff-roles.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import type { TestApp } from './app.ts'
import { submitForm } from './forms.ts'

export const STAFF_PASSWORD = 'correct horse battery staple'

let counter = 0

/** A staff account with a known password. */
export async function createStaff(t: TestApp, roles: StaffRole[], name = `Staff ${++counter}`): Promise<StaffUser> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.+|\.+$/g, '')}.${counter}@example.org`
  return t.services.staff.create({ email, name, roles, password: STAFF_PASSWORD }, null)
}

/** Signs an agent in through the real form. */
export function signIn(agent: Agent, user: Pick<StaffUser, 'email'>, password = STAFF_PASSWORD) {
  return submitForm(agent, '/sign-in', { email: user.email, password })
}

export function sessionCookie(response: { headers: Record<string, unknown> }): string | null {
  const cookies = (response.headers['set-cookie'] as string[] | undefined) ?? []
  return cookies.map((cookie) => cookie.split(';')[0]!).find((cookie) => cookie.startsWith('session=')) ?? null
}

/** A new agent (a browser of its own) signed in as `user` through the real form. */
export async function signedInAgent(app: Parameters<typeof request.agent>[0], user: Pick<StaffUser, 'email'>): Promise<ReturnType<typeof request.agent>> {
  const agent = request.agent(app)
  const response = await signIn(agent, user)
  if (response.status !== 303) throw new Error(`Signing in as ${user.email} answered ${response.status}`)
  return agent
}

/** A new staff account with these roles, and an agent signed in as it through the real form. */
export async function signedInStaff(t: TestApp, roles: StaffRole[], name?: string): Promise<{ agent: Agent; user: StaffUser }> {
  const user = await createStaff(t, roles, name)
  return { agent: await signedInAgent(t.app, user), user }
}
