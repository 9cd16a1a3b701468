import { randomUUID } from 'node:crypto'
import type { EntityManager } from 'typeorm'
import { APPLICATION_MACHINE } from '../../domain/application-status.ts'
import { AppError } from '../../domain/errors.ts'
import { generateReference } from '../../domain/reference.ts'
import { Application, type Role } from '../../entities/index.ts'
import type { ApplyAnswers } from '../../domain/application-answers.ts'
import { NO_SKILLS_YET } from '../../domain/application-answers.ts'
import { OFFER_WAITING_STATUSES, PLACE_FILLING_EXECUTIVE_STATUSES, takesApplications, type RolePlacesWithOffers } from '../../domain/places.ts'
import { isRoleOpen, todayInLondon } from '../../services/role.service.ts'
import { EMAIL_SETTINGS_COLUMNS, type EmailSettings } from '../../mail/outbox.ts'
import { queryPrepared, sqlConstant } from '../../db/prepared.ts'
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

/**
 * A board member who chose immediate emails hears of a new application at once, unless they
 * were already emailed about one in the last BOARD_QUIET_MINUTES: a burst of applications sends
 * each member one email, and the rest reach them together in the next daily digest
 * (sendNewApplicationsDigest lists what they were not emailed about).
 */
export const BOARD_QUIET_MINUTES = 30

/** Board members who want immediate emails and have not had one in the last BOARD_QUIET_MINUTES (SQL, `$1` the minutes). */
const BOARD_MEMBERS_TO_TELL = `
  FROM "staff_users" "member"
  WHERE "active" AND 'board-member' = ANY("roles") AND "new_application_emails" = 'immediate'
    AND NOT EXISTS (
      SELECT 1 FROM "email_messages"
      WHERE "template" = 'new-application' AND "recipient" = "member"."email"
        AND "created_at" > now() - make_interval(mins => $1))`

/** Board members to tell of this application now, by name. */
async function boardMembersToTellAtOnce(manager: EntityManager): Promise<{ id: string; name: string; email: string }[]> {
  // One submission at a time past this point, so two at once cannot both see a quiet board.
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('new-application-emails'))`)
  return manager.query(`SELECT "id", "name", "email" ${BOARD_MEMBERS_TO_TELL} ORDER BY "name"`, [BOARD_QUIET_MINUTES])
}

/** The chosen roles as the submit checks them: locked, with whether the applicant holds them and their places. */
interface ChosenRole extends RolePlacesWithOffers {
  id: string
  slug: string
  title: string
  status: Role['status']
  closesOn: string | null
  held: boolean
}

/**
 * The chosen roles, FOR SHARE (none can be closed underneath us between this check and the
 * commit), each with whether the applicant's address is a current executive in it and its places
 * filled and offers waiting, counted as src/queries/role-places.ts counts them. One statement.
 *
 * The slugs come as a JSON array rather than a text[]: PostgreSQL estimates `= ANY($1)` by the
 * array's length when it plans for the values and by a guess when it plans once for any, and as
 * the guess came out costlier it planned this statement again on every submit (0.2 ms). A JSON
 * array's length is guessed alike either way, so the statement keeps one plan.
 */
async function chosenRolesOf(manager: EntityManager, slugs: readonly string[], email: string, now: Date): Promise<ChosenRole[]> {
  const rows = await queryPrepared<{ id: string; slug: string; title: string; status: Role['status']; closes_on: string | null; places: number; waiting_list: boolean; held: boolean; places_filled: number; offers_waiting: number }>(
    manager,
    `SELECT r."id", r."slug", r."title", r."status", r."closes_on"::text AS "closes_on", r."places", r."waiting_list",
       EXISTS (SELECT 1 FROM "executives" e WHERE e."role_id" = r."id" AND e."status" = ANY(${sqlConstant(PLACE_FILLING_EXECUTIVE_STATUSES)}) AND e."email" = lower($2)) AS "held",
       (SELECT count(*)::int FROM "executives" e WHERE e."role_id" = r."id" AND e."status" = ANY(${sqlConstant(PLACE_FILLING_EXECUTIVE_STATUSES)})) AS "places_filled",
       (SELECT count(*)::int FROM "applications" a JOIN "offer_links" l ON l."application_id" = a."id"
        WHERE a."offered_role_id" = r."id" AND a."status" = ANY(${sqlConstant(OFFER_WAITING_STATUSES)}) AND l."expires_at" > $3) AS "offers_waiting"
     FROM "roles" r
     WHERE r."slug" IN (SELECT jsonb_array_elements_text($1::jsonb))
     FOR SHARE OF r`,
    [JSON.stringify(slugs), email, now],
  )
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    title: row.title,
    status: row.status,
    closesOn: row.closes_on,
    held: row.held,
    places: row.places,
    waitingList: row.waiting_list,
    placesFilled: row.places_filled,
    offersWaiting: row.offers_waiting,
  }))
}

const REFERENCE_CANDIDATES = 5

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

  // One statement for what the submit reads first: this form's application if it was sent
  // already, the settings its emails need, the reference prefix with the first of a few new
  // references not yet taken (two applications in a trillion share one), and whether any board
  // member may be told at once.
  const suffixes = Array.from({ length: REFERENCE_CANDIDATES }, () => generateReference('').slice(1))
  const [first] = await queryPrepared<{ prefix: string; existing: string | null; free_suffix: string | null; board_to_tell: boolean } & EmailSettings>(
    manager,
    `SELECT s."reference_prefix" AS "prefix", ${EMAIL_SETTINGS_COLUMNS},
       (SELECT a."reference" FROM "applications" a WHERE a."submission_key" = $2) AS "existing",
       (SELECT c."suffix" FROM unnest($3::text[]) WITH ORDINALITY AS c("suffix", "n")
        WHERE NOT EXISTS (SELECT 1 FROM "applications" a WHERE a."reference" = s."reference_prefix" || '-' || c."suffix")
        ORDER BY c."n" LIMIT 1) AS "free_suffix",
       EXISTS (SELECT 1 ${BOARD_MEMBERS_TO_TELL}) AS "board_to_tell"
     FROM "settings" s WHERE s."id" = 1`,
    [BOARD_QUIET_MINUTES, submissionKey, suffixes],
  )
  if (!first) throw new Error('The settings row is missing: run the seed (npm run seed)')
  // The emails below need the community's name and links from the same row: no second read.
  tx.useEmailSettings(first)
  if (first.existing) return { reference: first.existing, created: false }

  const roles = await chosenRolesOf(manager, slugs, email, now)
  const chosen = (slug: string) => roles.find((role) => role.slug === slug)
  const closed = slugs.filter((slug) => {
    const role = chosen(slug)
    return !role || !isRoleOpen(role, now)
  })
  if (closed.length > 0) throw new RolesClosedError(closed.map((slug) => chosen(slug)?.title ?? slug))
  // Someone already in the role is told so, even where it keeps a waiting list.
  const held = slugs.map((slug) => chosen(slug)!).filter((role) => role.held)
  if (held.length > 0) throw new RolesAlreadyHeldError(held.map((role) => role.title), held.map((role) => role.slug))
  const filled = slugs.map((slug) => chosen(slug)!).filter((role) => !takesApplications(role))
  if (filled.length > 0) throw new RolesFilledError(filled.map((role) => role.title), filled.map((role) => role.slug))

  if (!first.free_suffix) throw new Error('Could not find an unused reference')
  const reference = `${first.prefix}-${first.free_suffix}`
  const applicationId = randomUUID()
  const employed = nhsEmployed === 'yes'
  const equality = answers.equality ?? {}
  // The application, its roles (a snapshot of each role's title, version, questions, criteria,
  // hours, NHS preference and skills, from the rows locked above), the draft's deletion (a saved
  // draft of this form must not be resumed into a second application), the equality answers
  // (apart, unlinked) and the audit row (as services/audit.ts writes it): one statement, one round
  // trip. ON CONFLICT: two submissions of the same form racing; the loser writes nothing and
  // returns the winner's reference.
  const inserted = await queryPrepared<{ id: string }>(
    manager,
    `WITH "application" AS (
       INSERT INTO "applications" ("id", "reference", "submission_key", "status", "full_name", "email", "phone", "nhs_employed",
         "organisation", "job_title", "nhs_email_verified_domain", "nhs_email_verified_at", "career_stage", "hours_available",
         "motivation", "skills", "skills_other", "heard_about", "consented_at", "submitted_at", "status_changed_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17, $18, $19, $19, $19)
       ON CONFLICT DO NOTHING
       RETURNING "id"
     ), "choices" AS (
       INSERT INTO "application_roles" ("application_id", "role_id", "round_id", "preference", "role_title", "role_version", "questions",
         "criteria", "role_hours_per_week", "role_nhs_employment_preferred", "role_skills", "answers")
       SELECT a."id", r."id", r."round_id", c."preference", r."title", r."version", r."questions",
         r."criteria", r."hours_per_week", r."nhs_employment_preferred", r."skills", c."answers"
       FROM "application" a
       CROSS JOIN jsonb_to_recordset($20::jsonb) AS c("slug" text, "preference" int, "answers" jsonb)
       JOIN "roles" r ON r."slug" = c."slug"
     ), "draft" AS (
       DELETE FROM "application_drafts" WHERE "id" = $21 AND EXISTS (SELECT 1 FROM "application")
     ), "equality" AS (
       INSERT INTO "equality_responses" ("submitted_month", "answers")
       SELECT $22::date, $23::jsonb FROM "application" WHERE $23::jsonb <> '{}'::jsonb
     ), "audit" AS (
       INSERT INTO "audit_events" ("actor_type", "actor_id", "action", "subject_type", "subject_id", "to_status")
       SELECT $24, $25, 'application.submitted', 'application', a."id"::text, $4 FROM "application" a
     )
     SELECT "id" FROM "application"`,
    [
      applicationId,
      reference,
      submissionKey,
      APPLICATION_MACHINE.initial,
      fullName,
      email,
      answers.phone || null,
      employed,
      employed ? answers.organisation || null : null,
      employed ? answers.jobTitle || null : null,
      // Only the domain, never the address the code went to.
      answers.nhsEmailVerified?.domain ?? null,
      answers.nhsEmailVerified ? new Date(answers.nhsEmailVerified.verifiedAt) : null,
      careerStage,
      hours,
      motivation,
      JSON.stringify((answers.skills ?? []).filter((skill) => skill !== NO_SKILLS_YET)),
      answers.skillsOther || null,
      answers.heardAbout || null,
      now,
      JSON.stringify(slugs.map((slug, index) => ({ slug, preference: index + 1, answers: answers.roleAnswers?.[slug] ?? {} }))),
      draftId ?? null,
      `${todayInLondon(now).slice(0, 7)}-01`,
      JSON.stringify(equality),
      actor.type,
      actor.id,
    ],
  )
  if (inserted.length === 0) {
    const winner = await manager.findOneByOrFail(Application, { submissionKey })
    return { reference: winner.reference, created: false }
  }
  const application = { id: applicationId }

  const roleTitles = slugs.map((slug) => chosen(slug)!.title)
  await tx.email({
    key: `application-received:${application.id}`,
    template: 'application-received',
    to: email,
    data: { fullName, reference, roleTitles },
  })
  // Members who chose a daily digest, or were emailed about one just now, hear about it in the digest.
  // The lock and the second look only while someone may be told: otherwise submissions at once
  // would wait for each other's commit here for nothing.
  for (const member of first.board_to_tell ? await boardMembersToTellAtOnce(manager) : []) {
    await tx.email({
      key: `new-application:${application.id}:${member.id}`,
      template: 'new-application',
      to: member.email,
      data: { reference, roleTitles, memberName: member.name },
    })
  }
  return { reference, created: true }
}
