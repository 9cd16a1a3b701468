import type { EntityManager } from 'typeorm'
import { containsOneTimeLink } from './email-log.ts'
import { personalRecords } from './personal-data-records.ts'

export const EQUALITY_NOT_EXPORTABLE = 'not linked to any person; cannot be exported'

/** Everything held about one email address, as the JSON an admin downloads for a subject access request. */
export interface DataExport {
  exportedAt: string
  emailAddress: string
  about: Record<string, string>
  summary: Record<string, number>
  applications: Record<string, unknown>[]
  applicationRoles: Record<string, unknown>[]
  reviews: Record<string, unknown>[]
  conflictsOfInterest: Record<string, unknown>[]
  offerLinks: Record<string, unknown>[]
  applicationDrafts: Record<string, unknown>[]
  interestRegistrations: Record<string, unknown>[]
  oneTimeLinks: Record<string, unknown>[]
  emails: Record<string, unknown>[]
  executives: Record<string, unknown>[]
  boardNominations: Record<string, unknown>[]
  boardElectorEntries: Record<string, unknown>[]
  onboardingItems: Record<string, unknown>[]
  staffAccounts: Record<string, unknown>[]
  staffLinks: Record<string, unknown>[]
  sessions: Record<string, unknown>[]
  auditEvents: Record<string, unknown>[]
  equalityMonitoring: typeof EQUALITY_NOT_EXPORTABLE
}

const ABOUT: Record<string, string> = {
  scope:
    'Every record that holds this email address, and every record that belongs to an application, executive or staff account with it. Addresses are compared without regard to case.',
  reviewers:
    "Board members' scores, recommendations and comments are opinions about the applicant, so they are included in full. Who wrote them is a third party's personal data (Data Protection Act 2018, Schedule 2, paragraph 16): staff are shown as \"Staff member 1\", \"Staff member 2\" and so on, the same number for the same person throughout this file.",
  interestRegistrations: 'Requests to be emailed when roles open, with the roles asked about. Their confirmation and unsubscribe links are never stored in readable form, so they cannot be included.',
  oneTimeLinks: 'Links are listed with their dates only. Their secret tokens are never stored in readable form, so they cannot be included.',
  emails: 'Emails that contained a one-time link (to sign in, resume a draft, answer an offer or set a password) are listed without their content, so that the link cannot be used by whoever handles this file.',
  boardNominations: 'Nominations to stand for the board, with the statement and, where an admin found the nominee not eligible, the reason they gave.',
  boardElectorEntries:
    'Places on the list of electors for a board election, and whether a vote was cast from it. How anyone voted is never linked to them: ballots hold no elector, link or time, so no ballot can be found for this address.',
  equalityMonitoring: 'Equality monitoring answers are stored apart from applications, with nothing that links them to a person, so they cannot be found or exported for anyone.',
  erasedData: 'Personal details erased at the applicant’s request or after the retention period are gone and cannot be exported; what remains of those applications no longer holds this address.',
}


/** Numbers staff in order of first appearance, so that the same person has the same label throughout. */
class StaffLabels {
  private readonly labels = new Map<string, string>()

  of(id: string | null): string | null {
    if (!id) return null
    let label = this.labels.get(id)
    if (!label) {
      label = `Staff member ${this.labels.size + 1}`
      this.labels.set(id, label)
    }
    return label
  }
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null)

/**
 * Everything held about one (normalised) email address, for the subject access export on
 * /admin/data. Read it in one snapshot: exportPersonalData runs it in a REPEATABLE READ transaction.
 */
export async function personalData(manager: EntityManager, { address, now }: { address: string; now: Date }): Promise<DataExport> {
  const labels = new StaffLabels()
  const records = await personalRecords(manager, { address, now })

  const staffLabel = (id: string | null) => labels.of(id)
  const result: DataExport = {
    exportedAt: now.toISOString(),
    emailAddress: address,
    about: ABOUT,
    summary: {},
    applications: records.applications.map((application) => ({
      id: application.id,
      reference: application.reference,
      status: application.status,
      fullName: application.fullName,
      email: application.email,
      phone: application.phone,
      nhsEmployed: application.nhsEmployed,
      organisation: application.organisation,
      jobTitle: application.jobTitle,
      nhsEmailVerifiedDomain: application.nhsEmailVerifiedDomain,
      nhsEmailVerifiedAt: iso(application.nhsEmailVerifiedAt),
      careerStage: application.careerStage,
      hoursAvailable: application.hoursAvailable,
      motivation: application.motivation,
      skills: application.skills,
      skillsOther: application.skillsOther,
      heardAbout: application.heardAbout,
      consentedAt: iso(application.consentedAt),
      submittedAt: iso(application.submittedAt),
      statusChangedAt: iso(application.statusChangedAt),
      offeredRoleId: application.offeredRoleId,
      unsuccessfulReason: application.unsuccessfulReason,
      unsuccessfulFeedback: application.unsuccessfulFeedback,
      erasedAt: iso(application.erasedAt),
      updatedAt: iso(application.updatedAt),
    })),
    applicationRoles: records.choices.map((choice) => ({
      applicationId: choice.applicationId,
      preference: choice.preference,
      roleTitle: choice.roleTitle,
      questions: choice.questions,
      answers: choice.answers,
      criteria: choice.criteria,
    })),
    reviews: records.reviews.map((review) => ({
      applicationId: review.applicationId,
      reviewer: staffLabel(review.reviewerId),
      submittedAt: iso(review.submittedAt),
      updatedAt: iso(review.updatedAt),
      recommendation: review.recommendation,
      comment: review.comment,
      // By application role (applicationRoles above), then by criterion key.
      scores: review.scores,
    })),
    conflictsOfInterest: records.conflicts.map((conflict) => ({
      applicationId: conflict.applicationId,
      boardMember: staffLabel(conflict.staffUserId),
      declaredAt: iso(conflict.declaredAt),
      reason: conflict.reason,
    })),
    offerLinks: records.offerLinks.map((link) => ({
      applicationId: link.applicationId,
      createdAt: iso(link.createdAt),
      expiresAt: iso(link.expiresAt),
      response: link.response,
      respondedAt: iso(link.respondedAt),
    })),
    applicationDrafts: records.drafts.map((draft) => ({
      email: draft.email,
      createdAt: iso(draft.createdAt),
      expiresAt: iso(draft.expiresAt),
      answers: draft.answers,
    })),
    interestRegistrations: records.interest.map((registration) => ({
      status: registration.status,
      anyRole: registration.anyRole,
      roles: records.interestRoles.filter((row) => row.registration_id === registration.id).map((row) => row.title),
      consentedAt: iso(registration.consentedAt),
      createdAt: iso(registration.createdAt),
      confirmedAt: iso(registration.confirmedAt),
    })),
    oneTimeLinks: records.tokens.map((token) => ({
      purpose: token.purpose,
      createdAt: iso(token.createdAt),
      expiresAt: iso(token.expiresAt),
      usedAt: iso(token.usedAt),
    })),
    emails: records.emails.map((message) => {
      const withheld = containsOneTimeLink(message)
      return {
        id: message.id,
        template: message.template,
        recipient: message.recipient,
        subject: message.subject,
        status: message.status,
        attempts: message.attempts,
        lastError: message.lastError,
        createdAt: iso(message.createdAt),
        sentAt: iso(message.sentAt),
        ...(withheld ? { content: 'withheld: this email contained a one-time link' } : { textBody: message.textBody, html: message.html }),
      }
    }),
    executives: records.executives.map((executive) => ({
      id: executive.id,
      applicationId: executive.applicationId,
      name: executive.name,
      email: executive.email,
      organisation: executive.organisation,
      status: executive.status,
      startsOn: executive.startsOn,
      termEndsOn: executive.termEndsOn,
      showOnTeam: executive.showOnTeam,
      bio: executive.bio,
      handoverNotes: executive.handoverNotes,
      activatedAt: iso(executive.activatedAt),
      endedAt: iso(executive.endedAt),
      termReminderSentAt: iso(executive.termReminderSentAt),
      createdAt: iso(executive.createdAt),
      updatedAt: iso(executive.updatedAt),
    })),
    boardNominations: records.nominations.map(({ id, reviewedBy, consentedAt, createdAt, reviewedAt, publishedAt, ...nomination }) => ({
      id,
      ...nomination,
      consentedAt: iso(consentedAt as Date),
      createdAt: iso(createdAt as Date),
      reviewedBy: staffLabel(reviewedBy as string | null),
      reviewedAt: iso(reviewedAt as Date | null),
      publishedAt: iso(publishedAt as Date | null),
    })),
    boardElectorEntries: records.electorEntries.map((entry) => ({
      roundName: entry.roundName,
      email: entry.email,
      addedFrom: entry.source === 'board' ? 'the board' : 'a list the admins uploaded',
      votedFromThisEntry: entry.voted,
      addedAt: iso(entry.createdAt),
      ballotLinkExpiresAt: iso(entry.linkExpiresAt),
    })),
    onboardingItems: records.items.map((item) => ({
      executiveId: item.executiveId,
      position: item.position,
      title: item.title,
      owner: item.owner,
      dueOn: item.dueOn,
      doneAt: iso(item.doneAt),
      doneBy: item.doneByType === 'staff' ? staffLabel(item.doneById) : item.doneByType,
    })),
    staffAccounts: records.staff.map((user) => ({
      // Never the password hash, lock-out counters or anything else that guards the account.
      name: user.name,
      email: user.email,
      roles: user.roles,
      active: user.active,
      boardTermStartsOn: user.boardTermStartsOn,
      boardTermEndsOn: user.boardTermEndsOn,
      newApplicationEmails: user.newApplicationEmails,
      showOnTeam: user.showOnTeam,
      teamBio: user.teamBio,
      teamOrganisation: user.teamOrganisation,
      lastSignedInAt: iso(user.lastSignedInAt),
      passwordChangedAt: iso(user.passwordChangedAt),
      createdAt: iso(user.createdAt),
      updatedAt: iso(user.updatedAt),
    })),
    staffLinks: records.staffTokens.map((token) => ({ purpose: token.purpose, createdAt: iso(token.createdAt), expiresAt: iso(token.expiresAt), usedAt: iso(token.usedAt) })),
    sessions: records.sessions.map((session) => {
      const sess = session.sess
      const apply = sess.apply as { answers?: unknown } | undefined
      return {
        expiresAt: iso(session.expire),
        signedInToTheirApplication: typeof sess.applicantEmail === 'string',
        signedInToTheirChecklist: typeof sess.executiveId === 'string',
        unfinishedApplication: apply?.answers ?? null,
      }
    }),
    auditEvents: records.auditEvents.map((event) => ({
      occurredAt: iso(event.occurredAt),
      actor: event.actorType === 'staff' ? staffLabel(event.actorId) : event.actorType,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      note: event.note,
    })),
    equalityMonitoring: EQUALITY_NOT_EXPORTABLE,
  }
  result.summary = Object.fromEntries(
    (Object.entries(result) as [string, unknown][]).filter(([, value]) => Array.isArray(value)).map(([key, value]) => [key, (value as unknown[]).length]),
  )
  return result
}

/**
 * How many records of each kind are held about the address (the export's summary), for the page
 * that asks an admin to confirm an erasure: counts only, never the records.
 */
export async function heldAbout(manager: EntityManager, { address, now }: { address: string; now: Date }): Promise<Record<string, number>> {
  return (await personalData(manager, { address, now })).summary
}
