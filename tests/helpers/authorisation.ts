// The authorisation table and its fixtures, shared by tests/routes/authorisation*.test.ts (split
// so that they run at the same time): every route the app serves, with what each kind of visitor
// may do there as PRODUCT.md ("Who uses it") says; the people, applications, executives and
// one-time links the rows need; a signed-in agent per kind of visitor; and how a cell is sent and
// judged. Each test file calls useAuthorisationFixtures() once, and gets a database of its own.
// Longer than most files: routeCases() is the one table of every route, read and reviewed whole.
import assert from 'node:assert/strict'
import { after, before, beforeEach } from 'node:test'
import request, { type Agent, type Response } from 'supertest'
import { createRole } from '../../src/actions/admin/roles/create-role.ts'
import { inviteStaffUser } from '../../src/actions/admin/users/invite-staff-user.ts'
import type { StaffUser } from '../../src/entities/index.ts'
import { createTestApp, type TestApp } from './app.ts'
import { boardRouteCases, setUpBoardFixtures } from './authorisation-board.ts'
import { csrfTokenFrom } from './forms.ts'
import {
  applicantSignInToken,
  draftResumeToken,
  executiveSignInToken,
  newExecutive,
  offeredApplication,
  signInApplicant,
  signInExecutive,
  submitApplication,
  tokenFromEmail,
  type NewExecutive,
  type SubmittedApplication,
} from './review.ts'
import { giveAuthenticatorApp } from './second-factor.ts'
import { createStaff, signIn } from './staff.ts'

export const VISITORS = ['anonymous', 'applicant', 'new executive', 'board member', 'community manager', 'admin'] as const
export type Visitor = (typeof VISITORS)[number]
type StaffVisitor = 'board member' | 'community manager' | 'admin'

/**
 * allowed: the route's own answer (see Allowed); sign-in: 303 to /sign-in (staff pages);
 * applicant sign-in: 303 to /my-application, where its email form is (an applicant's own pages);
 * executive sign-in: 303 to /my-onboarding, likewise (a new executive's own pages);
 * forbidden: 403, and not the CSRF refusal; not found: 404.
 */
export type Outcome = 'allowed' | 'sign-in' | 'applicant sign-in' | 'executive sign-in' | 'forbidden' | 'not found'

/** What "allowed" looks like on a route: its status, where it redirects, or a sign of the page. */
export interface Allowed {
  status: number
  location?: string | RegExp
  shows?: RegExp
}

export interface RouteCase {
  method: 'GET' | 'POST'
  /** The route exactly as its router declares it. */
  route: string
  /** What this row tries, when the same route has several rows. */
  note?: string
  /** The request path; per visitor where each needs a one-time token of their own. */
  path: string | ((visitor: Visitor) => string)
  body?: Record<string, string>
  expect: Record<Visitor, Outcome>
  /** Default: 200 for a GET; for a POST, 400 with the error summary (the form sent incomplete). */
  allowed?: Allowed | ((visitor: Visitor) => Allowed)
  /**
   * The route ends or replaces the session of whoever it lets in (sign out, sign in with a link,
   * deleting one's information): those cells run last, each on a new session of the same kind.
   */
  replacesSession?: boolean
  /** A path no router declares (a 404 for everyone). */
  unserved?: boolean
  /** Takes a POST without a CSRF token on purpose (one-click unsubscribe, RFC 8058): the token in its path is the authority. */
  csrfExempt?: boolean
}

function outcomes(anonymous: Outcome, applicant: Outcome, executive: Outcome, board: Outcome, manager: Outcome, admin: Outcome): Record<Visitor, Outcome> {
  return { anonymous, applicant, 'new executive': executive, 'board member': board, 'community manager': manager, admin }
}
/** Public pages, the application form, the public pages of /my-application and /my-onboarding, emailed links. */
const EVERYONE = outcomes('allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'allowed')
const NOBODY = outcomes('not found', 'not found', 'not found', 'not found', 'not found', 'not found')
/** /staff, /account: any staff account. */
const ANY_STAFF = outcomes('sign-in', 'sign-in', 'sign-in', 'allowed', 'allowed', 'allowed')
/** The queue and the application pages: board members and community managers. */
const REVIEWERS = outcomes('sign-in', 'sign-in', 'sign-in', 'allowed', 'allowed', 'forbidden')
const REVIEWERS_UNKNOWN = outcomes('sign-in', 'sign-in', 'sign-in', 'not found', 'not found', 'forbidden')
/** Scoring and conflicts of interest: board members only. */
const BOARD_ONLY = outcomes('sign-in', 'sign-in', 'sign-in', 'allowed', 'forbidden', 'forbidden')
/** Decisions, role definitions and onboarding: community managers only. */
const MANAGERS = outcomes('sign-in', 'sign-in', 'sign-in', 'forbidden', 'allowed', 'forbidden')
/** A conversation's page: community managers, and the board members taking part (none here: 404). */
const CONVERSATION_VIEWERS = outcomes('sign-in', 'sign-in', 'sign-in', 'not found', 'allowed', 'forbidden')
/** Notes on a conversation: only the staff taking part (here nobody). */
const CONVERSATION_PARTICIPANTS = outcomes('sign-in', 'sign-in', 'sign-in', 'not found', 'not found', 'forbidden')
const MANAGERS_UNKNOWN = outcomes('sign-in', 'sign-in', 'sign-in', 'forbidden', 'not found', 'forbidden')
/** Staff accounts: admins only. */
const ADMINS = outcomes('sign-in', 'sign-in', 'sign-in', 'forbidden', 'forbidden', 'allowed')
const ADMINS_UNKNOWN = outcomes('sign-in', 'sign-in', 'sign-in', 'forbidden', 'forbidden', 'not found')
/** The signed-in applicant's own pages. */
const APPLICANT = outcomes('applicant sign-in', 'allowed', 'applicant sign-in', 'applicant sign-in', 'applicant sign-in', 'applicant sign-in')
/** Someone else's application, from the signed-in applicant's pages: it looks like none at all. */
const APPLICANT_UNKNOWN = outcomes('applicant sign-in', 'not found', 'applicant sign-in', 'applicant sign-in', 'applicant sign-in', 'applicant sign-in')
/** The signed-in new executive's own pages. */
const EXECUTIVE = outcomes('executive sign-in', 'executive sign-in', 'allowed', 'executive sign-in', 'executive sign-in', 'executive sign-in')

export const UNKNOWN_REFERENCE = 'PYC-2222-2222'
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'
/** Well formed, but no such link: a setup link can never be used once staff accounts exist. */
const UNUSABLE_SETUP_TOKEN = 'A'.repeat(43)
const NO_CONVERSATION: Allowed = { status: 404, shows: /We could not find a conversation for this link/ }

export interface Fixtures {
  staff: Record<StaffVisitor, StaffUser>
  /** A board member whose account the admin opens and edits. */
  target: StaffUser
  /** A board member whom the admin deactivates. */
  victim: StaffUser
  /** The signed-in applicant's own application, and someone else's. */
  own: SubmittedApplication
  other: SubmittedApplication
  executive: NewExecutive
  /** Another new executive, whose checklist is none of the first one's business. */
  otherExecutive: NewExecutive
  /** The open web developer role (with a question, a link and a checklist item) and a draft role. */
  openRoleId: string
  draftRoleId: string
  /** The default recruitment round, open. */
  roundId: string
  /** An email in the outbox (the invitation), for the email log's detail page. */
  emailId: string
  invitationToken: string
  resetToken: string
  /** Unused one-time links for the GETs, which must not use them up. */
  once: { draft: string; applicantSignIn: string; executiveSignIn: string; offer: string }
  /** One of each per visitor, for the POSTs that use them up. */
  perVisitor: Record<'draft' | 'applicantSignIn' | 'executiveSignIn' | 'acceptOffer' | 'declineOffer', Record<Visitor, string>>
}

// Set by the hooks of useAuthorisationFixtures, before any test runs.
export let t: TestApp
export let f: Fixtures
export const agents = {} as Record<Visitor, Agent>
let throwaway = 0

async function setUp(): Promise<void> {
  // Single sign-on configured, with a provider that does not answer: its routes are then served,
  // and each answers what it does without one.
  t = await createTestApp({ oidc: { issuer: new URL('http://127.0.0.1:9'), clientId: 'authorisation-test', clientSecret: 'not-used', allowedEmailDomains: [] } })
  const staff = {
    'board member': await createStaff(t, ['board-member'], 'Bea Board'),
    'community manager': await createStaff(t, ['community-manager'], 'Cora Manager'),
    admin: await createStaff(t, ['admin'], 'Adam Admin'),
  }
  const target = await createStaff(t, ['board-member'], 'Tess Target')
  // Whose authenticator app the admin may reset.
  await giveAuthenticatorApp(t, target)
  const victim = await createStaff(t, ['board-member'], 'Vic Victim')
  const people = { manager: staff['community manager'], reviewers: [staff['board member'], target] }
  const dataSource = t.database.dataSource
  // Two executives and a dozen offers waiting, all for the web developer role: room for them all.
  await dataSource.query(`UPDATE "roles" SET "places" = 20 WHERE "slug" = 'web-developer'`)

  await t.services.act(inviteStaffUser, { email: 'ivy.invitee@example.org', name: 'Ivy Invitee', roles: ['board-member'] }, { type: 'staff', id: staff.admin.id })
  const invitationToken = await tokenFromEmail(dataSource, { recipient: 'ivy.invitee@example.org', template: 'staff-invitation' }, '/invitation')
  const [invitationEmail]: { id: string }[] = await dataSource.query(`SELECT "id" FROM "email_messages" WHERE "template" = 'staff-invitation'`)
  assert.ok(invitationEmail, 'the invitation is in the outbox')
  await t.services.staff.requestPasswordReset(target.email)
  const resetToken = await tokenFromEmail(dataSource, { recipient: target.email, template: 'staff-password-reset' }, '/reset-password')

  const own = await submitApplication(t, { fullName: 'Alice Applicant', email: 'alice.applicant@example.org' })
  const other = await submitApplication(t, { fullName: 'Rosalind Other', email: 'rosalind.other@example.org', phone: '07700 900123' })
  // Applicant sign-in links belong to a third applicant, so that using one signs nobody in as Alice.
  const linkHolder = await submitApplication(t, { fullName: 'Lin Link', email: 'lin.link@example.org' })
  const executive = await newExecutive(t, people, { fullName: 'Eve Executive', email: 'eve.executive@example.org' })
  const otherExecutive = await newExecutive(t, people, { fullName: 'Evan Other', email: 'evan.other@example.org' })

  const [openRole]: { id: string }[] = await dataSource.query(`SELECT "id" FROM "roles" WHERE "slug" = 'web-developer'`)
  assert.ok(openRole, 'the seeded web developer role')
  const draft = await t.services.act(
    createRole,
    { title: 'Treasurer', slug: 'treasurer', summary: 'Looks after the money.', hoursPerWeek: 2, nhsEmploymentPreferred: false, places: 1, closesOn: null },
    { type: 'staff', id: staff['community manager'].id },
  )

  const perVisitor = { draft: {}, applicantSignIn: {}, executiveSignIn: {}, acceptOffer: {}, declineOffer: {} } as Fixtures['perVisitor']
  for (const [index, visitor] of VISITORS.entries()) {
    perVisitor.draft[visitor] = await draftResumeToken(t, `drafter.${index}@example.org`)
    perVisitor.applicantSignIn[visitor] = await applicantSignInToken(t, linkHolder.email)
    perVisitor.executiveSignIn[visitor] = await executiveSignInToken(t, executive.email)
    perVisitor.acceptOffer[visitor] = (await offeredApplication(t, people, { fullName: `Acer ${index}`, email: `acer.${index}@example.org` })).offerToken
    perVisitor.declineOffer[visitor] = (await offeredApplication(t, people, { fullName: `Dee ${index}`, email: `dee.${index}@example.org` })).offerToken
  }
  const once = {
    draft: await draftResumeToken(t, 'drafter@example.org'),
    applicantSignIn: await applicantSignInToken(t, linkHolder.email),
    executiveSignIn: await executiveSignInToken(t, executive.email),
    offer: (await offeredApplication(t, people, { fullName: 'Otto Offer', email: 'otto.offer@example.org' })).offerToken,
  }
  await setUpBoardFixtures(t, staff.admin)
  const [round] = (await t.database.dataSource.query(`SELECT id FROM recruitment_rounds ORDER BY created_at LIMIT 1`)) as [{ id: string }]
  f = { staff, target, victim, own, other, executive, otherExecutive, emailId: invitationEmail.id, openRoleId: openRole.id, draftRoleId: draft.id, roundId: round.id, invitationToken, resetToken, once, perVisitor }

  agents.anonymous = request.agent(t.app)
  agents.applicant = request.agent(t.app)
  // The applicant signs in as one would: their address on /my-application, then the emailed link.
  await signInApplicant(t, agents.applicant, own.email, 'form')
  agents['new executive'] = request.agent(t.app)
  await signInExecutive(t, agents['new executive'], executive.email)
  for (const visitor of ['board member', 'community manager', 'admin'] as const) {
    agents[visitor] = request.agent(t.app)
    assert.equal((await signIn(agents[visitor], staff[visitor])).status, 303, `${visitor} signs in`)
  }
}

/** The test app, its fixtures and the signed-in agents, for the test file that calls this. */
export function useAuthorisationFixtures(): void {
  before(setUp)
  after(async () => {
    await t?.close()
  })
  // Every request here comes from 127.0.0.1: the per-IP limits on signing in and on emailed links
  // are tested elsewhere, and must not decide a cell here.
  beforeEach(async () => {
    await t.database.dataSource.query(`DELETE FROM rate_limit_hits`)
  })
}

/** Every route the routers mounted in src/app.ts declare (plus a few that none does), in walking order. */
export function routeCases(): RouteCase[] {
  const own = f.own.reference
  const other = f.other.reference
  const executiveItem = f.executive.items.find((item) => item.owner === 'executive')!
  const managerItem = f.executive.items.find((item) => item.owner === 'community-manager')!
  const onboarding = `/onboarding/${f.executive.id}`
  const role = `/admin/roles/${f.openRoleId}`
  const draftRole = `/admin/roles/${f.draftRoleId}`
  const signInLanding = (visitor: Visitor): Allowed =>
    visitor === 'board member' || visitor === 'community manager'
      ? { status: 303, location: '/review' }
      : visitor === 'admin'
        ? { status: 303, location: '/staff' }
        : { status: 200, shows: /<h1>Sign in<\/h1>/ }
  const toApplyForm: Allowed = { status: 303, location: /^\/apply(\/[a-z/-]+)?$/ }
  const stale = { version: '0' }
  const staleRefused: Allowed = { status: 409 }
  const offer = f.once.offer

  return [
    ...boardRouteCases(),
    // health.routes.ts, setUpStaticAssets.ts
    { method: 'GET', route: '/health', path: '/health', expect: EVERYONE },
    { method: 'GET', route: '/ready', path: '/ready', expect: EVERYONE },
    { method: 'GET', route: '/favicon.ico', path: '/favicon.ico', expect: EVERYONE },
    // public.routes.ts, team, match.routes.ts
    { method: 'GET', route: '/', path: '/', expect: EVERYONE },
    { method: 'GET', route: '/roles', path: '/roles', expect: EVERYONE },
    { method: 'GET', route: '/roles/:slug', path: '/roles/web-developer', expect: EVERYONE },
    { method: 'GET', route: '/roles/:slug', note: 'a draft role', path: '/roles/treasurer', expect: NOBODY },
    { method: 'GET', route: '/roles/:slug', note: 'no such role', path: '/roles/no-such-role', expect: NOBODY },
    { method: 'GET', route: '/privacy', path: '/privacy', expect: EVERYONE },
    { method: 'GET', route: '/accessibility', path: '/accessibility', expect: EVERYONE },
    { method: 'GET', route: '/cookies', path: '/cookies', expect: EVERYONE },
    { method: 'GET', route: '/team', path: '/team', expect: EVERYONE },
    // recruitment-summary.routes.ts: no page until an admin publishes it (tests/routes/recruitment-summary.test.ts has it on).
    { method: 'GET', route: '/about/recruitment', note: 'not published', path: '/about/recruitment', expect: NOBODY },
    { method: 'GET', route: '/match', path: '/match', expect: EVERYONE },
    { method: 'GET', route: '/match/results', path: '/match/results', expect: EVERYONE, allowed: { status: 303, location: '/match' } },
    // auth.routes.ts
    { method: 'GET', route: '/sign-in', path: '/sign-in', expect: EVERYONE, allowed: signInLanding },
    { method: 'GET', route: '/signed-out', path: '/signed-out', expect: EVERYONE },
    { method: 'GET', route: '/staff', path: '/staff', expect: ANY_STAFF },
    { method: 'GET', route: '/account', path: '/account', expect: ANY_STAFF },
    { method: 'GET', route: '/setup', path: `/setup?token=${UNUSABLE_SETUP_TOKEN}`, expect: EVERYONE, allowed: { status: 410, shows: /This link has expired/ } },
    { method: 'GET', route: '/invitation/:token', path: `/invitation/${f.invitationToken}`, expect: EVERYONE },
    { method: 'GET', route: '/reset-password/:token', path: `/reset-password/${f.resetToken}`, expect: EVERYONE },
    { method: 'GET', route: '/forgot-password', path: '/forgot-password', expect: EVERYONE },
    { method: 'GET', route: '/forgot-password/sent', path: '/forgot-password/sent', expect: EVERYONE },
    // second-factor.routes.ts, sso.routes.ts: the code step belongs to a sign-in whose password was right.
    { method: 'GET', route: '/sign-in/code', path: '/sign-in/code', expect: EVERYONE, allowed: { status: 303, location: '/sign-in' } },
    { method: 'GET', route: '/sign-in/recovery-code', path: '/sign-in/recovery-code', expect: EVERYONE, allowed: { status: 303, location: '/sign-in' } },
    {
      method: 'GET',
      route: '/sign-in/sso/callback',
      path: '/sign-in/sso/callback?code=made-up&state=made-up',
      expect: EVERYONE,
      allowed: { status: 400, shows: /We could not sign you in/ },
    },
    { method: 'GET', route: '/account/authenticator-app', path: '/account/authenticator-app', expect: ANY_STAFF },
    { method: 'GET', route: '/account/recovery-codes', path: '/account/recovery-codes', expect: ANY_STAFF },
    // apply.routes.ts, draft.routes.ts
    { method: 'GET', route: '/apply', path: '/apply?role=web-developer', expect: EVERYONE, allowed: { status: 303, location: '/apply/roles' } },
    { method: 'GET', route: '/apply/:step', path: '/apply/roles', expect: EVERYONE },
    { method: 'GET', route: '/apply/:step/:section', path: '/apply/questions/web-developer', expect: EVERYONE },
    { method: 'GET', route: '/apply/:step', note: 'no such page', path: '/apply/no-such-step', expect: NOBODY },
    { method: 'GET', route: '/apply/suggestions', path: '/apply/suggestions', expect: EVERYONE, allowed: toApplyForm },
    { method: 'GET', route: '/apply/check', path: '/apply/check', expect: EVERYONE, allowed: toApplyForm },
    { method: 'GET', route: '/apply/confirmation', path: '/apply/confirmation', expect: EVERYONE, allowed: { status: 303, location: '/apply' } },
    { method: 'GET', route: '/apply/save', path: '/apply/save', expect: EVERYONE },
    { method: 'GET', route: '/apply/saved', path: '/apply/saved', expect: EVERYONE, allowed: { status: 303, location: '/apply' } },
    { method: 'GET', route: '/apply/resume/:token', path: `/apply/resume/${f.once.draft}`, expect: EVERYONE },
    { method: 'GET', route: '/apply/removed', path: '/apply/removed', expect: EVERYONE },
    { method: 'GET', route: '/apply/delete', path: '/apply/delete', expect: EVERYONE },
    { method: 'GET', route: '/apply/deleted', path: '/apply/deleted', expect: EVERYONE },
    { method: 'GET', route: '/apply/not-found', path: '/apply/not-found', expect: EVERYONE, allowed: toApplyForm },
    // Verifying an NHS email address belongs to an application in progress.
    { method: 'GET', route: '/apply/nhs-email/code', path: '/apply/nhs-email/code', expect: EVERYONE, allowed: toApplyForm },
    // my-application.routes.ts
    {
      method: 'GET',
      route: '/my-application',
      path: '/my-application',
      expect: EVERYONE,
      allowed: (visitor) => ({ status: 200, shows: visitor === 'applicant' ? new RegExp(`Application ${own}`) : /What email address did you apply with\?/ }),
    },
    { method: 'GET', route: '/my-application/check-email', path: '/my-application/check-email', expect: EVERYONE },
    { method: 'GET', route: '/my-application/sign-in/:token', path: `/my-application/sign-in/${f.once.applicantSignIn}`, expect: EVERYONE },
    { method: 'GET', route: '/my-application/signed-out', path: '/my-application/signed-out', expect: EVERYONE },
    { method: 'GET', route: '/my-application/deleted', path: '/my-application/deleted', expect: EVERYONE },
    { method: 'GET', route: '/my-application/delete', path: '/my-application/delete', expect: APPLICANT },
    { method: 'GET', route: '/my-application/:reference/withdraw', path: `/my-application/${own}/withdraw`, expect: APPLICANT },
    { method: 'GET', route: '/my-application/:reference', path: `/my-application/${own}`, expect: APPLICANT, allowed: { status: 200, shows: /What you sent/ } },
    { method: 'GET', route: '/my-application/:reference', note: 'someone else’s', path: `/my-application/${other}`, expect: APPLICANT_UNKNOWN },
    // The applicant's own application has no conversation: nothing to move or cancel.
    { method: 'GET', route: '/my-application/:reference/conversation/change', path: `/my-application/${own}/conversation/change`, expect: APPLICANT_UNKNOWN },
    { method: 'GET', route: '/my-application/:reference/conversation/cancel', path: `/my-application/${own}/conversation/cancel`, expect: APPLICANT_UNKNOWN },
    // offer.routes.ts: the link in the offer email is the credential.
    { method: 'GET', route: '/offer/:token/accept', path: `/offer/${offer}/accept`, expect: EVERYONE },
    { method: 'GET', route: '/offer/:token/decline', path: `/offer/${offer}/decline`, expect: EVERYONE },
    { method: 'GET', route: '/offer/:token/accepted', path: `/offer/${offer}/accepted`, expect: EVERYONE, allowed: { status: 303, location: `/offer/${offer}/accept` } },
    { method: 'GET', route: '/offer/:token/declined', path: `/offer/${offer}/declined`, expect: EVERYONE, allowed: { status: 303, location: `/offer/${offer}/decline` } },
    // conversation.routes.ts (/conversation): the link in the invitation is the credential; a well-formed link no conversation has does not work, for anyone.
    { method: 'GET', route: '/conversation/:token', path: `/conversation/${UNUSABLE_SETUP_TOKEN}`, expect: EVERYONE, allowed: NO_CONVERSATION },
    { method: 'GET', route: '/conversation/:token/change', path: `/conversation/${UNUSABLE_SETUP_TOKEN}/change`, expect: EVERYONE, allowed: NO_CONVERSATION },
    { method: 'GET', route: '/conversation/:token/cancel', path: `/conversation/${UNUSABLE_SETUP_TOKEN}/cancel`, expect: EVERYONE, allowed: NO_CONVERSATION },
    // my-onboarding.routes.ts
    {
      method: 'GET',
      route: '/my-onboarding',
      path: '/my-onboarding',
      expect: EVERYONE,
      allowed: (visitor) => ({ status: 200, shows: visitor === 'new executive' ? /Your getting-started checklist/ : /Get a link to your getting-started checklist/ }),
    },
    { method: 'GET', route: '/my-onboarding/check-email', path: '/my-onboarding/check-email', expect: EVERYONE },
    { method: 'GET', route: '/my-onboarding/sign-in/:token', path: `/my-onboarding/sign-in/${f.once.executiveSignIn}`, expect: EVERYONE },
    { method: 'GET', route: '/my-onboarding/signed-out', path: '/my-onboarding/signed-out', expect: EVERYONE },
    { method: 'GET', route: '/my-onboarding/profile', path: '/my-onboarding/profile', expect: EXECUTIVE },
    // interest/: anyone may ask to hear when roles open; the emailed links are the credential.
    { method: 'GET', route: '/interest', path: '/interest', expect: EVERYONE },
    { method: 'GET', route: '/interest/email', path: '/interest/email', expect: EVERYONE },
    { method: 'GET', route: '/interest/roles', path: '/interest/roles', expect: EVERYONE },
    { method: 'GET', route: '/interest/consent', path: '/interest/consent', expect: EVERYONE },
    { method: 'GET', route: '/interest/check', path: '/interest/check', expect: EVERYONE, allowed: { status: 303, location: '/interest' } },
    { method: 'GET', route: '/interest/check-email', path: '/interest/check-email', expect: EVERYONE, allowed: { status: 303, location: '/interest' } },
    { method: 'GET', route: '/interest/confirm/:token', path: `/interest/confirm/${UNUSABLE_SETUP_TOKEN}`, expect: EVERYONE, allowed: { status: 410, shows: /This link has expired/ } },
    { method: 'GET', route: '/interest/confirmed', path: '/interest/confirmed', expect: EVERYONE, allowed: { status: 303, location: '/interest' } },
    { method: 'GET', route: '/interest/unsubscribe/:token', path: `/interest/unsubscribe/${UNUSABLE_SETUP_TOKEN}`, expect: EVERYONE, allowed: { status: 410 } },
    { method: 'GET', route: '/interest/unsubscribed', path: '/interest/unsubscribed', expect: EVERYONE },
    // queue.routes.ts, application.routes.ts, decision.routes.ts
    { method: 'GET', route: '/review', path: '/review', expect: REVIEWERS },
    { method: 'GET', route: '/review/export.csv', path: '/review/export.csv', expect: REVIEWERS },
    { method: 'GET', route: '/review/applications/:reference', path: `/review/applications/${other}`, expect: REVIEWERS },
    { method: 'GET', route: '/review/applications/:reference', note: 'no such application', path: `/review/applications/${UNKNOWN_REFERENCE}`, expect: REVIEWERS_UNKNOWN },
    { method: 'GET', route: '/review/applications/:reference/conflict', path: `/review/applications/${other}/conflict`, expect: BOARD_ONLY },
    { method: 'GET', route: '/review/applications/:reference/decision', path: `/review/applications/${other}/decision`, expect: MANAGERS },
    // reports.routes.ts: the board's report and paper, for board members and community managers.
    { method: 'GET', route: '/reports', path: '/reports', expect: REVIEWERS, allowed: { status: 200, shows: /Download board paper/ } },
    { method: 'GET', route: '/reports/board-paper', path: `/reports/board-paper?round=${f.roundId}`, expect: REVIEWERS, allowed: { status: 200, shows: /Board paper/ } },
    { method: 'GET', route: '/reports/board-paper.csv', path: `/reports/board-paper.csv?round=${f.roundId}`, expect: REVIEWERS, allowed: { status: 200, shows: /Round,Role,Date,Section/ } },
    { method: 'GET', route: '/review/availability', path: '/review/availability', expect: BOARD_ONLY },
    // conversation.routes.ts: the other application is not shortlisted, so it has no conversation.
    { method: 'GET', route: '/review/applications/:reference/conversation', path: `/review/applications/${other}/conversation`, expect: CONVERSATION_VIEWERS },
    { method: 'GET', route: '/review/applications/:reference/conversation/new', path: `/review/applications/${other}/conversation/new`, expect: MANAGERS, allowed: { status: 303, location: `/review/applications/${other}/conversation` } },
    { method: 'GET', route: '/review/applications/:reference/conversation/move', path: `/review/applications/${other}/conversation/move`, expect: MANAGERS, allowed: { status: 303, location: `/review/applications/${other}/conversation` } },
    { method: 'GET', route: '/review/applications/:reference/conversation/cancel', path: `/review/applications/${other}/conversation/cancel`, expect: MANAGERS, allowed: { status: 303, location: `/review/applications/${other}/conversation` } },
    { method: 'GET', route: '/review/applications/:reference/conversation/notes', path: `/review/applications/${other}/conversation/notes`, expect: CONVERSATION_PARTICIPANTS },
    // onboarding.routes.ts
    { method: 'GET', route: '/onboarding', path: '/onboarding', expect: MANAGERS },
    { method: 'GET', route: '/onboarding/:id', path: onboarding, expect: MANAGERS },
    { method: 'GET', route: '/onboarding/:id', note: 'no such executive', path: `/onboarding/${UNKNOWN_ID}`, expect: MANAGERS_UNKNOWN },
    { method: 'GET', route: '/onboarding/:id/items/new', path: `${onboarding}/items/new`, expect: MANAGERS },
    { method: 'GET', route: '/onboarding/:id/items/:itemId/owner', path: `${onboarding}/items/${managerItem.id}/owner`, expect: MANAGERS },
    { method: 'GET', route: '/onboarding/:id/term', path: `${onboarding}/term`, expect: MANAGERS },
    { method: 'GET', route: '/onboarding/:id/handover', path: `${onboarding}/handover`, expect: MANAGERS },
    { method: 'GET', route: '/onboarding/:id/activate', path: `${onboarding}/activate`, expect: MANAGERS },
    { method: 'GET', route: '/onboarding/:id/end', path: `${onboarding}/end`, expect: MANAGERS },
    // users.routes.ts, team-profile.routes.ts
    { method: 'GET', route: '/admin/users', path: '/admin/users', expect: ADMINS },
    { method: 'GET', route: '/admin/users/invite', path: '/admin/users/invite', expect: ADMINS },
    { method: 'GET', route: '/admin/users/:id', path: `/admin/users/${f.target.id}`, expect: ADMINS },
    { method: 'GET', route: '/admin/users/:id', note: 'no such account', path: `/admin/users/${UNKNOWN_ID}`, expect: ADMINS_UNKNOWN },
    { method: 'GET', route: '/admin/users/:id/deactivate', path: `/admin/users/${f.victim.id}/deactivate`, expect: ADMINS },
    { method: 'GET', route: '/admin/users/:id/team-profile', path: `/admin/users/${f.target.id}/team-profile`, expect: ADMINS },
    { method: 'GET', route: '/admin/users/:id/second-factor', path: `/admin/users/${f.target.id}/second-factor`, expect: ADMINS },
    { method: 'GET', route: '/admin/users/:id/second-factor', note: 'no such account', path: `/admin/users/${UNKNOWN_ID}/second-factor`, expect: ADMINS_UNKNOWN },
    { method: 'GET', route: '/account/team-profile', path: '/account/team-profile', expect: ANY_STAFF },
    // settings.routes.ts, emails.routes.ts, audit.routes.ts, data.routes.ts
    { method: 'GET', route: '/admin/settings', path: '/admin/settings', expect: ADMINS },
    { method: 'GET', route: '/admin/emails', path: '/admin/emails', expect: ADMINS },
    { method: 'GET', route: '/admin/emails/templates', path: '/admin/emails/templates', expect: ADMINS },
    { method: 'GET', route: '/admin/emails/templates/:name', path: '/admin/emails/templates/staff-test', expect: ADMINS },
    { method: 'GET', route: '/admin/emails/templates/:name', note: 'no such template', path: '/admin/emails/templates/no-such-template', expect: ADMINS_UNKNOWN },
    { method: 'GET', route: '/admin/emails/:id', path: `/admin/emails/${f.emailId}`, expect: ADMINS },
    { method: 'GET', route: '/admin/emails/:id', note: 'no such email', path: `/admin/emails/${UNKNOWN_ID}`, expect: ADMINS_UNKNOWN },
    { method: 'GET', route: '/admin/emails/:id', note: 'not an id', path: '/admin/emails/not-an-id', expect: ADMINS_UNKNOWN },
    { method: 'GET', route: '/admin/audit', path: '/admin/audit', expect: ADMINS },
    { method: 'GET', route: '/admin/data', path: '/admin/data', expect: ADMINS },
    { method: 'GET', route: '/admin/data/erase', path: '/admin/data/erase', expect: ADMINS },
    { method: 'GET', route: '/admin/equality', path: '/admin/equality', expect: ADMINS },
    // roles.routes.ts: role definitions are the community manager's (PRODUCT.md, "Who uses it").
    { method: 'GET', route: '/admin/roles', path: '/admin/roles', expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/new', path: '/admin/roles/new', expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id', path: role, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id', note: 'no such role', path: `/admin/roles/${UNKNOWN_ID}`, expect: MANAGERS_UNKNOWN },
    { method: 'GET', route: '/admin/roles/:id/preview', path: `${draftRole}/preview`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/details', path: `${role}/details`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/responsibilities', path: `${role}/responsibilities`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/skills', path: `${role}/skills`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/criteria', path: `${role}/criteria`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/questions', path: `${role}/questions`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/questions/new', path: `${role}/questions/new`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/questions/:param', path: `${role}/questions/web-experience`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/questions/:param/remove', path: `${role}/questions/web-experience/remove`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/links', path: `${role}/links`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/links/new', path: `${role}/links/new`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/links/:param', path: `${role}/links/1`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/links/:param/remove', path: `${role}/links/1/remove`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/checklist', path: `${role}/checklist`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/checklist/new', path: `${role}/checklist/new`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/checklist/:param', path: `${role}/checklist/github-access`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/checklist/:param/remove', path: `${role}/checklist/github-access/remove`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/open', path: `${draftRole}/open`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/close', path: `${role}/close`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/archive', path: `${draftRole}/archive`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/waiting-list', path: `${role}/waiting-list`, expect: MANAGERS },
    { method: 'GET', route: '/admin/roles/:id/round', path: `${draftRole}/round`, expect: MANAGERS },
    // rounds.routes.ts: recruitment rounds are the community manager's.
    { method: 'GET', route: '/admin/rounds', path: '/admin/rounds', expect: MANAGERS },
    { method: 'GET', route: '/admin/rounds/new', path: '/admin/rounds/new', expect: MANAGERS },
    // Nothing serves these.
    { method: 'GET', route: '/no-such-page', path: '/no-such-page', expect: NOBODY, unserved: true },
    { method: 'GET', route: '/admin/no-such-page', path: '/admin/no-such-page', expect: NOBODY, unserved: true },

    // POSTs. Where a complete form would change what later cells need, the form is sent incomplete
    // (the handler answers 400 with its error summary) or with an out-of-date version (409).
    { method: 'POST', route: '/match', path: '/match', body: {}, expect: EVERYONE },
    { method: 'POST', route: '/sign-in', path: '/sign-in', body: { email: 'nobody@example.org', password: 'not the password' }, expect: EVERYONE },
    { method: 'POST', route: '/account', path: '/account', body: { newApplicationEmails: 'digest' }, expect: ANY_STAFF, allowed: { status: 303, location: '/account' } },
    { method: 'POST', route: '/staff/stay-signed-in', path: '/staff/stay-signed-in', body: {}, expect: ANY_STAFF, allowed: { status: 204 } },
    { method: 'POST', route: '/account/team-profile', path: '/account/team-profile', body: {}, expect: ANY_STAFF },
    { method: 'POST', route: '/account/authenticator-app', path: '/account/authenticator-app', body: {}, expect: ANY_STAFF },
    // No app yet, so no recovery codes: set one up first.
    { method: 'POST', route: '/account/recovery-codes', path: '/account/recovery-codes', body: {}, expect: ANY_STAFF, allowed: { status: 303, location: '/account/authenticator-app' } },
    { method: 'POST', route: '/sign-in/code', path: '/sign-in/code', body: { code: '123456' }, expect: EVERYONE, allowed: { status: 303, location: '/sign-in' } },
    { method: 'POST', route: '/sign-in/recovery-code', path: '/sign-in/recovery-code', body: { recoveryCode: '2222-2222-2222' }, expect: EVERYONE, allowed: { status: 303, location: '/sign-in' } },
    { method: 'POST', route: '/sign-in/sso', path: '/sign-in/sso', body: {}, expect: EVERYONE, allowed: { status: 503, shows: /Single sign-on is not working at the moment/ } },
    { method: 'POST', route: '/setup', path: `/setup?token=${UNUSABLE_SETUP_TOKEN}`, body: {}, expect: EVERYONE },
    { method: 'POST', route: '/invitation/:token', path: `/invitation/${f.invitationToken}`, body: { password: '' }, expect: EVERYONE },
    { method: 'POST', route: '/reset-password/:token', path: `/reset-password/${f.resetToken}`, body: { password: '' }, expect: EVERYONE },
    { method: 'POST', route: '/forgot-password', path: '/forgot-password', body: { email: 'not an address' }, expect: EVERYONE },
    { method: 'POST', route: '/apply/:step', path: '/apply/name', body: { fullName: '' }, expect: EVERYONE },
    { method: 'POST', route: '/apply/:step/:section', path: '/apply/questions/web-developer', body: { 'question-web-experience': 'x'.repeat(1501) }, expect: EVERYONE },
    { method: 'POST', route: '/apply/check', path: '/apply/check', body: {}, expect: EVERYONE, allowed: toApplyForm },
    { method: 'POST', route: '/apply/save', path: '/apply/save', body: { email: 'not an address' }, expect: EVERYONE },
    { method: 'POST', route: '/apply/saved', note: 'no emailed link, so the answers stay on the device', path: '/apply/saved', body: {}, expect: EVERYONE, allowed: toApplyForm },
    // Deletes the visitor's own application (found by its cookie): last, so the rows above keep theirs.
    { method: 'POST', route: '/apply/delete', path: '/apply/delete', body: {}, expect: EVERYONE, allowed: { status: 303, location: '/apply/deleted' }, replacesSession: true },
    { method: 'POST', route: '/apply/nhs-email', note: 'no application in progress offers the step', path: '/apply/nhs-email', body: { action: 'send', email: 'ada@nhs.net' }, expect: NOBODY },
    { method: 'POST', route: '/apply/nhs-email/code', path: '/apply/nhs-email/code', body: { code: '123456' }, expect: EVERYONE, allowed: toApplyForm },
    { method: 'POST', route: '/apply/resume/:token', path: (visitor) => `/apply/resume/${f.perVisitor.draft[visitor]}`, body: {}, expect: EVERYONE, allowed: toApplyForm },
    { method: 'POST', route: '/my-application', path: '/my-application', body: { email: 'not an address' }, expect: EVERYONE },
    { method: 'POST', route: '/my-application/:reference/conversation/change', path: `/my-application/${own}/conversation/change`, body: {}, expect: APPLICANT_UNKNOWN },
    { method: 'POST', route: '/my-application/:reference/conversation/cancel', path: `/my-application/${own}/conversation/cancel`, body: {}, expect: APPLICANT_UNKNOWN },
    {
      method: 'POST',
      route: '/my-application/:reference/withdraw',
      path: `/my-application/${own}/withdraw`,
      body: { version: String(f.own.version) },
      expect: APPLICANT,
      allowed: { status: 303, location: `/my-application?withdrawn=${own}` },
    },
    {
      method: 'POST',
      route: '/offer/:token/accept',
      path: (visitor) => `/offer/${f.perVisitor.acceptOffer[visitor]}/accept`,
      body: {},
      expect: EVERYONE,
      allowed: { status: 303, location: /^\/offer\/[\w-]+\/accepted$/ },
    },
    {
      method: 'POST',
      route: '/offer/:token/decline',
      path: (visitor) => `/offer/${f.perVisitor.declineOffer[visitor]}/decline`,
      body: {},
      expect: EVERYONE,
      allowed: { status: 303, location: /^\/offer\/[\w-]+\/declined$/ },
    },
    { method: 'POST', route: '/conversation/:token', path: `/conversation/${UNUSABLE_SETUP_TOKEN}`, body: {}, expect: EVERYONE, allowed: NO_CONVERSATION },
    { method: 'POST', route: '/conversation/:token/change', path: `/conversation/${UNUSABLE_SETUP_TOKEN}/change`, body: {}, expect: EVERYONE, allowed: NO_CONVERSATION },
    { method: 'POST', route: '/conversation/:token/cancel', path: `/conversation/${UNUSABLE_SETUP_TOKEN}/cancel`, body: {}, expect: EVERYONE, allowed: NO_CONVERSATION },
    { method: 'POST', route: '/my-onboarding', path: '/my-onboarding', body: { email: 'not an address' }, expect: EVERYONE },
    {
      method: 'POST',
      route: '/my-onboarding/items/:itemId',
      path: `/my-onboarding/items/${executiveItem.id}`,
      body: { done: 'yes' },
      expect: EXECUTIVE,
      allowed: { status: 303, location: '/my-onboarding' },
    },
    { method: 'POST', route: '/my-onboarding/profile', path: '/my-onboarding/profile', body: {}, expect: EXECUTIVE },
    { method: 'POST', route: '/interest/email', path: '/interest/email', body: { email: 'not an address' }, expect: EVERYONE },
    { method: 'POST', route: '/interest/roles', path: '/interest/roles', body: {}, expect: EVERYONE },
    { method: 'POST', route: '/interest/consent', path: '/interest/consent', body: {}, expect: EVERYONE },
    { method: 'POST', route: '/interest/check', path: '/interest/check', body: {}, expect: EVERYONE, allowed: { status: 303, location: '/interest' } },
    { method: 'POST', route: '/interest/confirm/:token', path: `/interest/confirm/${UNUSABLE_SETUP_TOKEN}`, body: {}, expect: EVERYONE, allowed: { status: 410 } },
    {
      method: 'POST',
      route: '/interest/unsubscribe/:token',
      path: `/interest/unsubscribe/${UNUSABLE_SETUP_TOKEN}`,
      body: {},
      expect: EVERYONE,
      allowed: { status: 303, location: '/interest/unsubscribed' },
      csrfExempt: true,
    },
    { method: 'POST', route: '/review/applications/:reference/review', path: `/review/applications/${other}/review`, body: {}, expect: BOARD_ONLY },
    { method: 'POST', route: '/review/applications/:reference/conflict', path: `/review/applications/${other}/conflict`, body: { reason: 'x'.repeat(501) }, expect: BOARD_ONLY },
    { method: 'POST', route: '/review/applications/:reference/decision', path: `/review/applications/${other}/decision`, body: { decision: '', version: String(f.other.version) }, expect: MANAGERS },
    { method: 'POST', route: '/review/availability', path: '/review/availability', body: {}, expect: BOARD_ONLY, allowed: { status: 303, location: '/review/availability' } },
    {
      method: 'POST',
      route: '/review/applications/:reference/conversation/new',
      path: `/review/applications/${other}/conversation/new`,
      body: { version: String(f.other.version) },
      expect: MANAGERS,
      allowed: { status: 409, shows: /This application changed while you were looking at it/ },
    },
    { method: 'POST', route: '/review/applications/:reference/conversation/move', path: `/review/applications/${other}/conversation/move`, body: {}, expect: MANAGERS, allowed: { status: 303, location: `/review/applications/${other}/conversation` } },
    { method: 'POST', route: '/review/applications/:reference/conversation/cancel', path: `/review/applications/${other}/conversation/cancel`, body: {}, expect: MANAGERS, allowed: { status: 303, location: `/review/applications/${other}/conversation` } },
    { method: 'POST', route: '/review/applications/:reference/conversation/notes', path: `/review/applications/${other}/conversation/notes`, body: {}, expect: CONVERSATION_PARTICIPANTS },
    { method: 'POST', route: '/onboarding/:id/items/new', path: `${onboarding}/items/new`, body: {}, expect: MANAGERS },
    {
      method: 'POST',
      route: '/onboarding/:id/items/:itemId',
      path: `${onboarding}/items/${managerItem.id}`,
      body: { done: 'yes' },
      expect: MANAGERS,
      allowed: { status: 303, location: onboarding },
    },
    { method: 'POST', route: '/onboarding/:id/items/:itemId/owner', path: `${onboarding}/items/${managerItem.id}/owner`, body: {}, expect: MANAGERS },
    { method: 'POST', route: '/onboarding/:id/term', path: `${onboarding}/term`, body: {}, expect: MANAGERS },
    { method: 'POST', route: '/onboarding/:id/handover', path: `${onboarding}/handover`, body: { handoverNotes: 'x'.repeat(5001) }, expect: MANAGERS },
    { method: 'POST', route: '/onboarding/:id/activate', path: `${onboarding}/activate`, body: stale, expect: MANAGERS, allowed: staleRefused },
    { method: 'POST', route: '/onboarding/:id/end', path: `${onboarding}/end`, body: stale, expect: MANAGERS, allowed: staleRefused },
    { method: 'POST', route: '/admin/users/invite', path: '/admin/users/invite', body: {}, expect: ADMINS },
    { method: 'POST', route: '/admin/users/:id', path: `/admin/users/${f.target.id}`, body: { name: '' }, expect: ADMINS },
    { method: 'POST', route: '/admin/users/:id/team-profile', path: `/admin/users/${f.target.id}/team-profile`, body: {}, expect: ADMINS },
    { method: 'POST', route: '/admin/users/:id/deactivate', path: `/admin/users/${f.victim.id}/deactivate`, body: {}, expect: ADMINS, allowed: { status: 303, location: '/admin/users' } },
    {
      method: 'POST',
      route: '/admin/users/:id/second-factor',
      path: `/admin/users/${f.target.id}/second-factor`,
      body: {},
      expect: ADMINS,
      allowed: { status: 303, location: `/admin/users/${f.target.id}` },
    },
    { method: 'POST', route: '/admin/settings', path: '/admin/settings', body: {}, expect: ADMINS },
    { method: 'POST', route: '/admin/emails/test', path: '/admin/emails/test', body: {}, expect: ADMINS, allowed: { status: 303, location: '/admin/emails' } },
    {
      method: 'POST',
      route: '/admin/emails/:id/send-again',
      path: `/admin/emails/${f.emailId}/send-again`,
      body: {},
      expect: ADMINS,
      allowed: { status: 303, location: `/admin/emails/${f.emailId}` },
    },
    { method: 'POST', route: '/admin/data', path: '/admin/data', body: { email: '' }, expect: ADMINS },
    { method: 'POST', route: '/admin/data/erase', path: '/admin/data/erase', body: { email: '' }, expect: ADMINS },
    // An address nothing holds: the erasure runs, finds nothing and changes nothing.
    { method: 'POST', route: '/admin/data/erase/confirm', path: '/admin/data/erase/confirm', body: { email: 'nothing.held@example.org' }, expect: ADMINS, allowed: { status: 303, location: '/admin/data/erase' } },
    { method: 'POST', route: '/admin/roles/new', path: '/admin/roles/new', body: {}, expect: MANAGERS },
    { method: 'POST', route: '/admin/roles/:id/details', path: `${role}/details`, body: {}, expect: MANAGERS },
    { method: 'POST', route: '/admin/roles/:id/responsibilities', path: `${role}/responsibilities`, body: { responsibilities: '' }, expect: MANAGERS },
    { method: 'POST', route: '/admin/roles/:id/skills', path: `${role}/skills`, body: { skills: 'x'.repeat(1000) }, expect: MANAGERS },
    { method: 'POST', route: '/admin/roles/:id/criteria', path: `${role}/criteria`, body: {}, expect: MANAGERS },
    {
      method: 'POST',
      route: '/admin/roles/:id/questions',
      path: `${role}/questions`,
      body: { move: '' },
      expect: MANAGERS,
      allowed: { status: 303, location: `${role}/questions` },
    },
    { method: 'POST', route: '/admin/roles/:id/questions/new', path: `${role}/questions/new`, body: {}, expect: MANAGERS },
    { method: 'POST', route: '/admin/roles/:id/questions/:param', path: `${role}/questions/web-experience`, body: {}, expect: MANAGERS },
    { method: 'POST', route: '/admin/roles/:id/questions/:param/remove', path: `${role}/questions/web-experience/remove`, body: stale, expect: MANAGERS, allowed: staleRefused },
    { method: 'POST', route: '/admin/roles/:id/links/new', path: `${role}/links/new`, body: {}, expect: MANAGERS },
    { method: 'POST', route: '/admin/roles/:id/links/:param', path: `${role}/links/1`, body: {}, expect: MANAGERS },
    { method: 'POST', route: '/admin/roles/:id/links/:param/remove', path: `${role}/links/1/remove`, body: stale, expect: MANAGERS, allowed: staleRefused },
    { method: 'POST', route: '/admin/roles/:id/checklist/new', path: `${role}/checklist/new`, body: {}, expect: MANAGERS },
    { method: 'POST', route: '/admin/roles/:id/checklist/:param', path: `${role}/checklist/github-access`, body: {}, expect: MANAGERS },
    { method: 'POST', route: '/admin/roles/:id/checklist/:param/remove', path: `${role}/checklist/github-access/remove`, body: stale, expect: MANAGERS, allowed: staleRefused },
    { method: 'POST', route: '/admin/roles/:id/open', path: `${draftRole}/open`, body: stale, expect: MANAGERS, allowed: staleRefused },
    { method: 'POST', route: '/admin/roles/:id/close', path: `${role}/close`, body: stale, expect: MANAGERS, allowed: staleRefused },
    { method: 'POST', route: '/admin/roles/:id/archive', path: `${draftRole}/archive`, body: stale, expect: MANAGERS, allowed: staleRefused },
    { method: 'POST', route: '/admin/roles/:id/waiting-list', path: `${role}/waiting-list`, body: {}, expect: MANAGERS },
    { method: 'POST', route: '/admin/roles/:id/round', path: `${draftRole}/round`, body: {}, expect: MANAGERS },
    { method: 'POST', route: '/admin/rounds/new', path: '/admin/rounds/new', body: {}, expect: MANAGERS },
    { method: 'POST', route: '/admin/rounds/:id/finish', path: `/admin/rounds/${f.roundId}/finish`, body: stale, expect: MANAGERS, allowed: staleRefused },
    // These end or replace the session of whoever they let in.
    {
      method: 'POST',
      route: '/my-application/sign-in/:token',
      path: (visitor) => `/my-application/sign-in/${f.perVisitor.applicantSignIn[visitor]}`,
      body: {},
      expect: EVERYONE,
      allowed: { status: 303, location: '/my-application' },
      replacesSession: true,
    },
    {
      method: 'POST',
      route: '/my-onboarding/sign-in/:token',
      path: (visitor) => `/my-onboarding/sign-in/${f.perVisitor.executiveSignIn[visitor]}`,
      body: {},
      expect: EVERYONE,
      allowed: { status: 303, location: '/my-onboarding' },
      replacesSession: true,
    },
    {
      method: 'POST',
      route: '/my-application/delete',
      path: '/my-application/delete',
      body: {},
      expect: APPLICANT,
      allowed: { status: 303, location: '/my-application/deleted' },
      replacesSession: true,
    },
    {
      method: 'POST',
      route: '/my-application/sign-out',
      path: '/my-application/sign-out',
      body: {},
      expect: EVERYONE,
      allowed: { status: 303, location: '/my-application/signed-out' },
      replacesSession: true,
    },
    {
      method: 'POST',
      route: '/my-onboarding/sign-out',
      path: '/my-onboarding/sign-out',
      body: {},
      expect: EVERYONE,
      allowed: { status: 303, location: '/my-onboarding/signed-out' },
      replacesSession: true,
    },
    { method: 'POST', route: '/sign-out', path: '/sign-out', body: {}, expect: EVERYONE, allowed: { status: 303, location: '/signed-out' }, replacesSession: true },
  ]
}

export const pathFor = (route: RouteCase, visitor: Visitor) => (typeof route.path === 'function' ? route.path(visitor) : route.path)
export const nameOf = (route: RouteCase) => `${route.method} ${route.route}${route.note ? ` (${route.note})` : ''}`

const FORM_PAGES: Record<Visitor, string> = {
  anonymous: '/sign-in',
  applicant: '/my-application',
  'new executive': '/my-onboarding',
  'board member': '/staff',
  'community manager': '/staff',
  admin: '/staff',
}

/** A page with a form that this visitor can load, for a CSRF token from their own session. */
export async function csrfTokenFor(agent: Agent, visitor: Visitor): Promise<string> {
  const path = FORM_PAGES[visitor]
  const page = await agent.get(path)
  assert.equal(page.status, 200, `${visitor} loads ${path} for a CSRF token`)
  return csrfTokenFrom(page)
}

/** A new session of the same kind, for a cell that ends or replaces the visitor's session. */
export async function throwawayVisitor(visitor: Visitor): Promise<Agent> {
  await t.database.dataSource.query(`DELETE FROM rate_limit_hits`)
  const agent = request.agent(t.app)
  if (visitor === 'applicant') {
    // Their own application, so that deleting their information touches nobody else's.
    const mine = await submitApplication(t, { fullName: 'Tam Throwaway', email: `tam.throwaway.${++throwaway}@example.org` })
    await signInApplicant(t, agent, mine.email)
  } else if (visitor === 'new executive') {
    await signInExecutive(t, agent, f.executive.email)
  } else if (visitor !== 'anonymous') {
    assert.equal((await signIn(agent, f.staff[visitor])).status, 303, `${visitor} signs in again`)
  }
  return agent
}

export async function send(agent: Agent, route: RouteCase, visitor: Visitor, csrf: 'valid' | 'missing' | string = 'valid'): Promise<Response> {
  const path = pathFor(route, visitor)
  if (route.method === 'GET') return agent.get(path)
  const body: Record<string, string> = { ...route.body }
  if (csrf === 'valid') body._csrf = await csrfTokenFor(agent, visitor)
  else if (csrf !== 'missing') body._csrf = csrf
  return agent.post(path).type('form').send(body)
}

export function describeResponse(response: Response): string {
  const location = response.headers.location ? ` -> ${response.headers.location}` : ''
  const title = /<title>([^<]*)<\/title>/.exec(response.text ?? '')?.[1]
  return `${response.status}${location}${title ? ` "${title}"` : ''}`
}

/** Null when the response is the expected outcome, else why not. */
export function mismatch(route: RouteCase, visitor: Visitor, response: Response): string | null {
  const expected = route.expect[visitor]
  const is = (ok: boolean) => (ok ? null : `expected ${expected}, got ${describeResponse(response)}`)
  switch (expected) {
    case 'sign-in':
      return is(response.status === 303 && response.headers.location === '/sign-in')
    case 'applicant sign-in':
      return is(response.status === 303 && response.headers.location === '/my-application')
    case 'executive sign-in':
      return is(response.status === 303 && response.headers.location === '/my-onboarding')
    case 'forbidden':
      return is(response.status === 403 && !response.text.includes('This form has expired'))
    case 'not found':
      return is(response.status === 404)
    case 'allowed': {
      const spec = typeof route.allowed === 'function' ? route.allowed(visitor) : route.allowed
      const { status, location, shows } = spec ?? (route.method === 'GET' ? { status: 200 } : { status: 400, shows: /There is a problem/ })
      const where = response.headers.location as string | undefined
      const locationOk = location === undefined || (typeof location === 'string' ? where === location : location.test(where ?? ''))
      return is(response.status === status && locationOk && (shows === undefined || shows.test(response.text)))
    }
  }
}

export const SYMBOLS: Record<Outcome, string> = {
  allowed: 'allowed',
  'sign-in': '-> /sign-in',
  'applicant sign-in': '-> /my-application',
  'executive sign-in': '-> /my-onboarding',
  forbidden: '403',
  'not found': '404',
}
