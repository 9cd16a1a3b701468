import { addOneYear, planChecklist } from '../../domain/onboarding.ts'
import { EXECUTIVE_MACHINE } from '../../domain/executive-status.ts'
import { Executive, OnboardingItem, type Application, type Role } from '../../entities/index.ts'
import { createSignInToken, EXECUTIVE_WELCOME_SIGN_IN, WELCOME_LINK_DAYS } from '../../services/email-sign-in.ts'
import { todayInLondon } from '../../services/role.service.ts'
import type { Action } from '../tx.ts'

export interface CreateExecutive {
  /** The accepted application, with the name and address the executive is known by. */
  application: Application
  /** The role offered. */
  role: Role
  now?: Date
}

/**
 * Makes the executive for an accepted offer, inside the transaction that accepts it (see
 * acceptOffer): their checklist from the role's template, an audit row, and the welcome email
 * with a one-time link to /my-onboarding.
 */
export const createExecutive: Action<CreateExecutive, Executive> = async (tx, { application, role, now = new Date() }, actor) => {
  if (!application.fullName || !application.email) throw new Error('An executive needs the application’s name and email address')
  const { manager } = tx
  const startsOn = todayInLondon(now)
  const executive = await manager.save(
    Executive,
    manager.create(Executive, {
      applicationId: application.id,
      roleId: role.id,
      name: application.fullName,
      email: application.email,
      organisation: application.organisation ? application.organisation.slice(0, 200) : null,
      startsOn,
      termEndsOn: addOneYear(startsOn),
      status: EXECUTIVE_MACHINE.initial,
    }),
  )
  const planned = planChecklist(role.checklistTemplate ?? [], startsOn)
  await manager.insert(
    OnboardingItem,
    planned.map((item) => ({ executiveId: executive.id, key: item.key, title: item.title, owner: item.owner, dueOn: item.dueOn, position: item.position })),
  )
  await tx.audit(actor, { action: 'executive.created', subjectType: 'executive', subjectId: executive.id, toStatus: EXECUTIVE_MACHINE.initial, note: `role: ${role.slug}` })

  const token = await createSignInToken(manager, EXECUTIVE_WELCOME_SIGN_IN, executive.email)
  await tx.email({
    key: `executive-welcome:${executive.id}`,
    template: 'executive-welcome',
    to: executive.email,
    data: {
      name: executive.name,
      roleTitle: role.title,
      token: token.token,
      days: WELCOME_LINK_DAYS,
      yourItems: planned.filter((item) => item.owner === 'executive').map((item) => ({ key: item.key, title: item.title })),
    },
  })
  return executive
}
