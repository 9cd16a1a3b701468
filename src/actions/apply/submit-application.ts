import { randomUUID } from 'node:crypto'
import type { EntityManager } from 'typeorm'
import { In } from 'typeorm'
import { APPLICATION_MACHINE } from '../../domain/application-status.ts'
import { AppError } from '../../domain/errors.ts'
import { generateReference } from '../../domain/reference.ts'
import { Application, ApplicationDraft, ApplicationRole, EqualityResponse, Role, Settings } from '../../entities/index.ts'
import type { ApplyAnswers } from '../../domain/application-answers.ts'
import { NO_SKILLS_YET } from '../../domain/application-answers.ts'
import { PLACE_FILLING_EXECUTIVE_STATUSES, takesApplications } from '../../domain/places.ts'
import { rolePlaces } from '../../queries/role-places.ts'
import { isRoleOpen, todayInLondon } from '../../services/role.service.ts'
import type { Action } from '../tx.ts'

export class RolesClosedError extends AppError {
  constructor(readonly roleTitles: string[]) {
    super(`Not open for applications: ${roleTitles.join(', ')}`)
  }
}

/** Every place in these roles is filled, and they keep no waiting list. */
export class RolesFilledError extends AppError {
  constructor(
    readonly roleTitles: string[],
    readonly slugs: string[],
  ) {
    super(`Every place is filled: ${roleTitles.join(', ')}`)
  }
}

/** The applicant's address is that of a current executive in these roles: they hold them already. */
export class RolesAlreadyHeldError extends AppError {
  constructor(
    readonly roleTitles: string[],
    readonly slugs: string[],
  ) {
    super(`Held already by the applicant: ${roleTitles.join(', ')}`)
  }
}

export class IncompleteApplicationError extends AppError {}

export interface SubmitApplication {
  /** The form's id: a repeated submission of the same form returns the first one's reference. */
  submissionKey: string
  answers: ApplyAnswers
  /** The draft this form was resumed from or saved as, deleted with the submission. */
  draftId?: string | null
  now?: Date
}

export interface SubmitResult {
  reference: string
  /** False when this form had already been submitted (a double click or a replay). */
  created: boolean
}

async function uniqueReference(manager: EntityManager, prefix: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const reference = generateReference(prefix)
    if (!(await manager.existsBy(Application, { reference }))) return reference
  }
  throw new Error('Could not find an unused reference')
}

/**
 * A board member who chose immediate emails hears of a new application at once, unless they
 * were already emailed about one in the last BOARD_QUIET_MINUTES: a burst of applications sends
 * each member one email, and the rest reach them together in the next daily digest
 * (sendNewApplicationsDigest lists what they were not emailed about).
 */
export const BOARD_QUIET_MINUTES = 30

/** Board members to tell of this application now, by name. */
async function boardMembersToTellAtOnce(manager: EntityManager): Promise<{ id: string; name: string; email: string }[]> {
  // One submission at a time past this point, so two at once cannot both see a quiet board.
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('new-application-emails'))`)
  return manager.query(
    `SELECT "id", "name", "email" FROM "staff_users" "member"
     WHERE "active" AND 'board-member' = ANY("roles") AND "new_application_emails" = 'immediate'
       AND NOT EXISTS (
         SELECT 1 FROM "email_messages"
         WHERE "template" = 'new-application' AND "recipient" = "member"."email"
           AND "created_at" > now() - make_interval(mins => $1))
     ORDER BY "name"`,
    [BOARD_QUIET_MINUTES],
  )
}

/**
 * Saves a finished application in one transaction: the application, its roles with a snapshot
 * of their questions, criteria, hours, NHS preference and skills, the equality answers (apart,
 * unlinked), an audit row, and the emails. The form's id makes a repeated submission return the
 * first one's reference. Throws IncompleteApplicationError, or, naming the chosen roles at
 * fault: RolesClosedError (no longer open), RolesAlreadyHeldError (the applicant is a current
 * executive in them) or RolesFilledError (every place filled, and no waiting list).
 */
export const submitApplication: Action<SubmitApplication, SubmitResult> = async (tx, input, actor) => {
  const { submissionKey, answers, draftId } = input
  const now = input.now ?? new Date()
  const { roles: slugs = [], fullName, email, motivation, careerStage, hours, nhsEmployed, consent } = answers
  if (slugs.length === 0 || !fullName || !email || !motivation || !careerStage || !hours || !nhsEmployed || !consent) {
    throw new IncompleteApplicationError('The application is missing required answers')
  }
  const { manager } = tx

  const existing = await manager.findOneBy(Application, { submissionKey })
  if (existing) return { reference: existing.reference, created: false }

  // FOR SHARE: a role cannot be closed underneath us between this check and the commit.
  const roles = await manager
    .createQueryBuilder(Role, 'role')
    .where({ slug: In(slugs) })
    .setLock('pessimistic_read')
    .getMany()
  const closed = slugs.filter((slug) => {
    const role = roles.find((r) => r.slug === slug)
    return !role || !isRoleOpen(role, now)
  })
  if (closed.length > 0) {
    throw new RolesClosedError(closed.map((slug) => roles.find((r) => r.slug === slug)?.title ?? slug))
  }
  // Someone already in the role is told so, even where it keeps a waiting list.
  const held: { slug: string; title: string }[] = await manager.query(
    `SELECT r."slug", r."title" FROM "executives" e JOIN "roles" r ON r."id" = e."role_id"
     WHERE e."email" = lower($1) AND e."status" = ANY($2::text[]) AND e."role_id" = ANY($3::uuid[])
     ORDER BY array_position($4::text[], r."slug")`,
    [email, PLACE_FILLING_EXECUTIVE_STATUSES, roles.map((role) => role.id), slugs],
  )
  if (held.length > 0) throw new RolesAlreadyHeldError(held.map((row) => row.title), held.map((row) => row.slug))
  const places = await rolePlaces(manager, { roleIds: roles.map((role) => role.id), now })
  const filled = slugs.map((slug) => roles.find((r) => r.slug === slug)!).filter((role) => !takesApplications(places.get(role.id)!))
  if (filled.length > 0) throw new RolesFilledError(filled.map((role) => role.title), filled.map((role) => role.slug))

  const settings = await manager.findOneByOrFail(Settings, { id: 1 })
  const reference = await uniqueReference(manager, settings.referencePrefix)
  const application = {
    id: randomUUID(),
    reference,
    submissionKey,
    status: APPLICATION_MACHINE.initial,
    fullName,
    email,
    phone: answers.phone || null,
    nhsEmployed: nhsEmployed === 'yes',
    organisation: nhsEmployed === 'yes' ? answers.organisation || null : null,
    jobTitle: nhsEmployed === 'yes' ? answers.jobTitle || null : null,
    // Only the domain, never the address the code went to.
    nhsEmailVerifiedDomain: answers.nhsEmailVerified?.domain ?? null,
    nhsEmailVerifiedAt: answers.nhsEmailVerified ? new Date(answers.nhsEmailVerified.verifiedAt) : null,
    careerStage,
    hoursAvailable: hours,
    motivation,
    skills: (answers.skills ?? []).filter((skill) => skill !== NO_SKILLS_YET),
    skillsOther: answers.skillsOther || null,
    heardAbout: answers.heardAbout || null,
    consentedAt: now,
    submittedAt: now,
    statusChangedAt: now,
  }
  // ON CONFLICT: two submissions of the same form racing; the loser returns the winner's reference.
  const inserted = await manager
    .createQueryBuilder()
    .insert()
    .into(Application)
    .values(application)
    .orIgnore()
    .returning(['id'])
    .execute()
  if (inserted.raw.length === 0) {
    const winner = await manager.findOneByOrFail(Application, { submissionKey })
    return { reference: winner.reference, created: false }
  }

  await manager.insert(
    ApplicationRole,
    slugs.map((slug, index) => {
      const role = roles.find((r) => r.slug === slug)!
      return {
        applicationId: application.id,
        roleId: role.id,
        roundId: role.roundId,
        preference: index + 1,
        roleTitle: role.title,
        roleVersion: role.version,
        questions: role.questions,
        criteria: role.criteria,
        roleHoursPerWeek: role.hoursPerWeek,
        roleNhsEmploymentPreferred: role.nhsEmploymentPreferred,
        roleSkills: role.skills,
        answers: answers.roleAnswers?.[slug] ?? {},
      }
    }),
  )

  // A saved draft of this form must not be resumed into a second application.
  if (draftId) await manager.delete(ApplicationDraft, { id: draftId })

  const equality = answers.equality ?? {}
  if (Object.keys(equality).length > 0) {
    await manager.insert(EqualityResponse, { submittedMonth: `${todayInLondon(now).slice(0, 7)}-01`, answers: equality })
  }

  await tx.audit(actor, {
    action: 'application.submitted',
    subjectType: 'application',
    subjectId: application.id,
    toStatus: APPLICATION_MACHINE.initial,
  })

  const roleTitles = slugs.map((slug) => roles.find((r) => r.slug === slug)!.title)
  await tx.email({
    key: `application-received:${application.id}`,
    template: 'application-received',
    to: email,
    data: { fullName, reference, roleTitles },
  })
  // Members who chose a daily digest, or were emailed about one just now, hear about it in the digest.
  for (const member of await boardMembersToTellAtOnce(manager)) {
    await tx.email({
      key: `new-application:${application.id}:${member.id}`,
      template: 'new-application',
      to: member.email,
      data: { reference, roleTitles, memberName: member.name },
    })
  }
  return { reference, created: true }
}
