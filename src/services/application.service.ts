import { randomUUID } from 'node:crypto'
import type { DataSource, EntityManager } from 'typeorm'
import { In } from 'typeorm'
import { APPLICATION_MACHINE } from '../domain/application-status.ts'
import { generateReference } from '../domain/reference.ts'
import { Application, ApplicationDraft, ApplicationRole, EqualityResponse, Role, Settings } from '../entities/index.ts'
import type { ApplyAnswers } from '../forms/apply/answers.ts'
import { NO_SKILLS_YET } from '../forms/apply/answers.ts'
import { audit } from './audit.ts'
import type { MailService } from '../mail/outbox.ts'
import { isRoleOpen, todayInLondon } from './role.service.ts'
import type { StaffService } from './staff.service.ts'
import { AppError } from '../domain/errors.ts'

export class RolesClosedError extends AppError {
  constructor(readonly roleTitles: string[]) {
    super(`Not open for applications: ${roleTitles.join(', ')}`)
  }
}

export class IncompleteApplicationError extends AppError {}

export interface SubmitResult {
  reference: string
  /** False when this form had already been submitted (a double click or a replay). */
  created: boolean
}

export class ApplicationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly staff: StaffService,
  ) {}

  /**
   * Saves a finished application in one transaction: the application, its roles with a snapshot
   * of their questions, criteria, hours, NHS preference and skills, the equality answers (apart,
   * unlinked), an audit row, and the emails. The form's id makes a repeated submission return the
   * first one's reference.
   */
  async submit(submissionKey: string, answers: ApplyAnswers, options: { draftId?: string | null; now?: Date } = {}): Promise<SubmitResult> {
    const now = options.now ?? new Date()
    const { roles: slugs = [], fullName, email, motivation, careerStage, hours, nhsEmployed, consent } = answers
    if (slugs.length === 0 || !fullName || !email || !motivation || !careerStage || !hours || !nhsEmployed || !consent) {
      throw new IncompleteApplicationError('The application is missing required answers')
    }

    return this.dataSource.transaction(async (manager) => {
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

      const settings = await manager.findOneByOrFail(Settings, { id: 1 })
      const reference = await this.uniqueReference(manager, settings.referencePrefix)
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
      if (options.draftId) await manager.delete(ApplicationDraft, { id: options.draftId })

      const equality = answers.equality ?? {}
      if (Object.keys(equality).length > 0) {
        await manager.insert(EqualityResponse, { submittedMonth: `${todayInLondon(now).slice(0, 7)}-01`, answers: equality })
      }

      await audit(manager, { type: 'applicant', id: null }, {
        action: 'application.submitted',
        subjectType: 'application',
        subjectId: application.id,
        toStatus: APPLICATION_MACHINE.initial,
      })

      const roleTitles = slugs.map((slug) => roles.find((r) => r.slug === slug)!.title)
      await this.mail.enqueue(manager, {
        key: `application-received:${application.id}`,
        template: 'application-received',
        to: email,
        data: { fullName, reference, roleTitles },
      })
      // Members who chose a daily digest hear about it in the digest instead.
      for (const member of await this.staff.boardMembers(manager, { newApplicationEmails: 'immediate' })) {
        await this.mail.enqueue(manager, {
          key: `new-application:${application.id}:${member.id}`,
          template: 'new-application',
          to: member.email,
          data: { reference, roleTitles, memberName: member.name },
        })
      }
      return { reference, created: true }
    })
  }

  private async uniqueReference(manager: EntityManager, prefix: string): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const reference = generateReference(prefix)
      if (!(await manager.existsBy(Application, { reference }))) return reference
    }
    throw new Error('Could not find an unused reference')
  }
}
