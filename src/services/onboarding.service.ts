import type { DataSource, EntityManager } from 'typeorm'
import { canTransition } from '../domain/application-status.ts'
import {
  canExecutiveTransition,
  CURRENT_EXECUTIVE_STATUSES,
  EXECUTIVE_MACHINE,
  EXECUTIVE_STATUSES,
  EXECUTIVE_TRANSITIONS,
  isCurrentExecutive,
  nextExecutiveStatus,
} from '../domain/executive-status.ts'
import {
  addOneYear,
  CHECKLIST_OWNER_LABELS,
  planChecklist,
  TERM_REMINDER_DAYS,
  addDays,
  type ExecutiveStatus,
} from '../domain/onboarding.ts'
import type { ChecklistOwner } from '../domain/role-definition.ts'
import { Application, Executive, OnboardingItem, StaffUser, type Role } from '../entities/index.ts'
import type { MailService } from '../mail/outbox.ts'
import { transition } from './application-status.service.ts'
import { audit, SYSTEM, type Actor } from './audit.ts'
import { todayInLondon } from './role.service.ts'
import { createToken, hashToken, isWellFormedToken } from './tokens.ts'
import { AppError } from '../domain/errors.ts'

export const EXECUTIVE_SIGN_IN_PURPOSE = 'executive-sign-in'
/** A link asked for at /my-onboarding works once, for this long. */
export const EXECUTIVE_LINK_MINUTES = 15
/** The link in the welcome email works once, for this long: a new executive may not look at once. */
export const WELCOME_LINK_DAYS = 7

/** Who changes a checklist: a community manager, or the executive themselves. */
export type ChecklistActor = { type: 'staff'; id: string } | { type: 'executive'; id: string }

export class ExecutiveNotFoundError extends AppError {
  constructor() {
    super('No such executive')
  }
}

/** Someone else changed the executive since the page was shown. Nothing was written. */
export class StaleExecutiveError extends AppError {
  constructor() {
    super('The executive was changed by someone else')
  }
}

/** The term has ended: the checklist and profile no longer change. */
export class ExecutiveEndedError extends AppError {
  constructor() {
    super('The executive’s term has ended')
  }
}

export class ChecklistItemNotFoundError extends AppError {
  constructor() {
    super('No such checklist item for this executive')
  }
}

/** An executive tried to change an item the community manager owns. */
export class NotYourItemError extends AppError {
  constructor() {
    super('This item belongs to the community manager')
  }
}

export interface ChecklistItemView {
  id: string
  title: string
  owner: ChecklistOwner
  ownerLabel: string
  dueOn: string
  position: number
  done: boolean
  doneAt: Date | null
  doneByName: string | null
  overdue: boolean
}

export interface ExecutiveView {
  executive: Executive
  roleTitle: string
  items: ChecklistItemView[]
  done: number
  total: number
  overdue: number
}

export interface ExecutiveSummary {
  id: string
  name: string
  roleTitle: string
  status: ExecutiveStatus
  startsOn: string
  termEndsOn: string
  done: number
  total: number
  overdue: number
}

export interface ProfileChanges {
  bio: string | null
  organisation: string | null
  showOnTeam: boolean
}

interface LockedExecutive {
  id: string
  status: ExecutiveStatus
  version: number
  application_id: string
  name: string
  role_title: string
}

/** Columns a versioned edit may set; the SQL is built from these names only. */
type ExecutiveColumn = 'term_ends_on' | 'term_reminder_sent_at' | 'handover_notes' | 'bio' | 'organisation' | 'show_on_team' | 'status' | 'ended_at'

function actorOf(actor: ChecklistActor): Actor {
  return { type: actor.type, id: actor.id }
}

/** Active community managers, who hear about offers, completed onboarding and ending terms. */
export function communityManagers(manager: EntityManager): Promise<StaffUser[]> {
  return manager
    .getRepository(StaffUser)
    .createQueryBuilder('staff')
    .where('staff.active')
    .andWhere(`'community-manager' = ANY(staff.roles)`)
    .orderBy('staff.name')
    .getMany()
}

/**
 * New executives and their terms: the checklist made from the role's template when an offer is
 * accepted, ticked off by the community managers at /onboarding and by the executive at
 * /my-onboarding; the move to active when it is all done; term reminders and term ends.
 */
export class OnboardingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
  ) {}

  /**
   * Makes the executive for an accepted offer in the caller's transaction: their checklist, an
   * audit row, and the welcome email with a one-time link to /my-onboarding.
   */
  async createExecutive(manager: EntityManager, application: Application, role: Role, actor: Actor, now = new Date()): Promise<Executive> {
    if (!application.fullName || !application.email) throw new Error('An executive needs the application’s name and email address')
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
    await audit(manager, actor, { action: 'executive.created', subjectType: 'executive', subjectId: executive.id, toStatus: EXECUTIVE_MACHINE.initial, note: `role: ${role.slug}` })

    const token = await this.insertSignInToken(manager, executive.email, WELCOME_LINK_DAYS * 24 * 60)
    await this.mail.enqueue(manager, {
      key: `executive-welcome:${executive.id}`,
      template: 'executive-welcome',
      to: executive.email,
      data: {
        name: executive.name,
        roleTitle: role.title,
        token: token.token,
        days: WELCOME_LINK_DAYS,
        yourItems: planned.filter((item) => item.owner === 'executive').map((item) => item.title),
      },
    })
    return executive
  }

  /** Executives getting started (most overdue items first), then the active ones, then past ones. */
  async list(now = new Date()): Promise<Record<ExecutiveStatus, ExecutiveSummary[]>> {
    const rows: {
      id: string
      name: string
      role_title: string
      status: ExecutiveStatus
      starts_on: string
      term_ends_on: string
      done: number
      total: number
      overdue: number
    }[] = await this.dataSource.query(
      `SELECT e.id, e.name, r.title AS role_title, e.status, e.starts_on::text AS starts_on, e.term_ends_on::text AS term_ends_on,
              count(i.id)::int AS total,
              count(i.id) FILTER (WHERE i.done_at IS NOT NULL)::int AS done,
              count(i.id) FILTER (WHERE i.done_at IS NULL AND i.due_on < $1::date)::int AS overdue
       FROM executives e
       JOIN roles r ON r.id = e.role_id
       LEFT JOIN onboarding_items i ON i.executive_id = e.id
       GROUP BY e.id, r.title
       ORDER BY overdue DESC, e.starts_on, e.name`,
      [todayInLondon(now)],
    )
    const byStatus: Record<ExecutiveStatus, ExecutiveSummary[]> = { onboarding: [], active: [], ended: [] }
    for (const row of rows) {
      byStatus[row.status].push({
        id: row.id,
        name: row.name,
        roleTitle: row.role_title,
        status: row.status,
        startsOn: row.starts_on,
        termEndsOn: row.term_ends_on,
        done: row.done,
        total: row.total,
        overdue: row.overdue,
      })
    }
    // Active and past executives are found by the end of their term, not by overdue items.
    byStatus.active.sort((a, b) => a.termEndsOn.localeCompare(b.termEndsOn) || a.name.localeCompare(b.name))
    byStatus.ended.sort((a, b) => b.termEndsOn.localeCompare(a.termEndsOn) || a.name.localeCompare(b.name))
    return byStatus
  }

  /** One executive with their checklist in order, who ticked what, and what is overdue. */
  async view(executiveId: string, now = new Date()): Promise<ExecutiveView | null> {
    const executive = await this.dataSource.getRepository(Executive).findOne({ where: { id: executiveId }, relations: { role: true } })
    if (!executive) return null
    const today = todayInLondon(now)
    const rows: {
      id: string
      title: string
      owner: ChecklistOwner
      due_on: string
      position: number
      done_at: Date | null
      done_by_name: string | null
    }[] = await this.dataSource.query(
      `SELECT i.id, i.title, i.owner, i.due_on::text AS due_on, i.position, i.done_at,
              CASE i.done_by_type WHEN 'staff' THEN s.name WHEN 'executive' THEN e.name END AS done_by_name
       FROM onboarding_items i
       JOIN executives e ON e.id = i.executive_id
       LEFT JOIN staff_users s ON i.done_by_type = 'staff' AND s.id = i.done_by_id
       WHERE i.executive_id = $1
       ORDER BY i.position`,
      [executiveId],
    )
    const items = rows.map((row) => ({
      id: row.id,
      title: row.title,
      owner: row.owner,
      ownerLabel: CHECKLIST_OWNER_LABELS[row.owner],
      dueOn: row.due_on,
      position: row.position,
      done: row.done_at !== null,
      doneAt: row.done_at,
      doneByName: row.done_by_name,
      overdue: row.done_at === null && row.due_on < today,
    }))
    return {
      executive,
      roleTitle: executive.role?.title ?? '',
      items,
      done: items.filter((item) => item.done).length,
      total: items.length,
      overdue: items.filter((item) => item.overdue).length,
    }
  }

  /**
   * Ticks or unticks one item. A community manager may change any item; an executive only their
   * own executive-owned items (NotYourItemError otherwise; another executive's item is not
   * found). The executive's row is locked first, so that the last two items ticked at the same
   * moment still complete the checklist: when nothing is left to do, the executive becomes
   * active. Asking for the state an item already has changes nothing.
   */
  async setItemDone(
    executiveId: string,
    itemId: string,
    done: boolean,
    actor: ChecklistActor,
    now = new Date(),
  ): Promise<{ title: string; changed: boolean; completed: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const executive = await this.lock(manager, executiveId)
      if (actor.type === 'executive' && actor.id !== executiveId) throw new ExecutiveNotFoundError()
      if (!isCurrentExecutive(executive.status)) throw new ExecutiveEndedError()
      const item = await manager.findOneBy(OnboardingItem, { id: itemId, executiveId })
      if (!item) throw new ChecklistItemNotFoundError()
      if (actor.type === 'executive' && item.owner !== 'executive') throw new NotYourItemError()
      if (done === (item.doneAt !== null)) return { title: item.title, changed: false, completed: false }

      await manager.update(
        OnboardingItem,
        { id: item.id },
        done ? { doneAt: now, doneByType: actor.type, doneById: actor.id } : { doneAt: null, doneByType: null, doneById: null },
      )
      await audit(manager, actorOf(actor), {
        action: done ? 'onboarding.item-done' : 'onboarding.item-undone',
        subjectType: 'onboarding_item',
        subjectId: item.id,
        note: `executive: ${executiveId}`,
      })
      if (!done || !canExecutiveTransition(executive.status, 'activate')) return { title: item.title, changed: true, completed: false }
      const remaining = await this.remaining(manager, executiveId)
      if (remaining > 0) return { title: item.title, changed: true, completed: false }
      await this.complete(manager, executive, actorOf(actor), null, null)
      return { title: item.title, changed: true, completed: true }
    })
  }

  /** Gives an item to the community manager or the executive. */
  async reassignItem(executiveId: string, itemId: string, owner: ChecklistOwner, version: number, by: Pick<StaffUser, 'id'>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const item = await manager.findOneBy(OnboardingItem, { id: itemId, executiveId })
      if (!item) throw new ChecklistItemNotFoundError()
      await this.change(manager, executiveId, version, {})
      await manager.update(OnboardingItem, { id: item.id }, { owner })
      await audit(manager, { type: 'staff', id: by.id }, { action: 'onboarding.item-reassigned', subjectType: 'onboarding_item', subjectId: item.id, note: `owner: ${owner}` })
    })
  }

  /** Adds an item at the end of the checklist. */
  async addItem(executiveId: string, item: { title: string; owner: ChecklistOwner; dueOn: string }, version: number, by: Pick<StaffUser, 'id'>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // The versioned update also locks the row, so two additions cannot take the same position.
      await this.change(manager, executiveId, version, {})
      const rows: { next: number }[] = await manager.query(
        `SELECT coalesce(max(position), 0) + 1 AS next FROM onboarding_items WHERE executive_id = $1`,
        [executiveId],
      )
      const next = rows[0]!.next
      const inserted = await manager.insert(OnboardingItem, { executiveId, key: null, title: item.title, owner: item.owner, dueOn: item.dueOn, position: next })
      await audit(manager, { type: 'staff', id: by.id }, {
        action: 'onboarding.item-added',
        subjectType: 'onboarding_item',
        subjectId: (inserted.identifiers[0] as { id: string }).id,
        note: `executive: ${executiveId}; owner: ${item.owner}`,
      })
    })
  }

  /** A new last day for the term; the 30-day reminder is sent again for the new date. */
  async updateTermEnd(executiveId: string, termEndsOn: string, version: number, by: Pick<StaffUser, 'id'>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.change(manager, executiveId, version, { term_ends_on: termEndsOn, term_reminder_sent_at: null })
      await audit(manager, { type: 'staff', id: by.id }, { action: 'executive.term-end-changed', subjectType: 'executive', subjectId: executiveId, note: `term ends: ${termEndsOn}` })
    })
  }

  /** Notes for whoever comes next. They can still be written after the term has ended. */
  async updateHandoverNotes(executiveId: string, notes: string | null, version: number, by: Pick<StaffUser, 'id'>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.change(manager, executiveId, version, { handover_notes: notes }, { allowEnded: true })
      await audit(manager, { type: 'staff', id: by.id }, { action: 'executive.handover-notes-changed', subjectType: 'executive', subjectId: executiveId })
    })
  }

  /** A community manager marks the executive active before every item is done. */
  async activate(executiveId: string, version: number, by: Pick<StaffUser, 'id'>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const executive = await this.lock(manager, executiveId)
      if (!isCurrentExecutive(executive.status)) throw new ExecutiveEndedError()
      if (executive.version !== version || !canExecutiveTransition(executive.status, 'activate')) throw new StaleExecutiveError()
      const remaining = await this.remaining(manager, executiveId)
      await this.complete(manager, executive, { type: 'staff', id: by.id }, remaining > 0 ? `${remaining} item(s) not done` : null, version)
    })
  }

  /** Ends the term now: the executive leaves the team page and can no longer sign in. */
  async endTerm(executiveId: string, version: number, by: Pick<StaffUser, 'id'>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const executive = await this.lock(manager, executiveId)
      if (!canExecutiveTransition(executive.status, 'end_term')) throw new ExecutiveEndedError()
      const to = nextExecutiveStatus(executive.status, 'end_term')
      await this.change(manager, executiveId, version, { status: to, ended_at: new Date() })
      await audit(manager, { type: 'staff', id: by.id }, { action: 'executive.term-ended', subjectType: 'executive', subjectId: executiveId, fromStatus: executive.status, toStatus: to })
    })
  }

  // The executive's own side (/my-onboarding).

  /**
   * Emails `email` (lower-cased) a sign-in link when it belongs to a current executive, and
   * otherwise an email saying there is no checklist for it. The same work either way: a token row
   * and an email, so neither the page nor its timing tells anyone who is an executive.
   */
  async sendSignInLink(email: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const executive = await this.currentExecutiveFor(manager, email)
      const { id, token } = await this.insertSignInToken(manager, email, EXECUTIVE_LINK_MINUTES)
      await this.mail.enqueue(manager, {
        key: `executive-sign-in:${id}`,
        template: 'executive-sign-in',
        to: email,
        // The unknown address's token is never sent: it only keeps the work the same.
        data: executive ? { name: executive.name, token, minutes: EXECUTIVE_LINK_MINUTES } : { name: null, token: null, minutes: EXECUTIVE_LINK_MINUTES },
      })
    })
  }

  /** Whether a sign-in link would still work. Reads only: a mail scanner's GET uses nothing up. */
  async isSignInUsable(token: string): Promise<boolean> {
    if (!isWellFormedToken(token)) return false
    const rows: { usable: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (
         SELECT 1 FROM one_time_tokens t
         JOIN executives e ON e.email = t.email AND e.status = ANY($3::text[])
         WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > now()
       ) AS usable`,
      [hashToken(token), EXECUTIVE_SIGN_IN_PURPOSE, CURRENT_EXECUTIVE_STATUSES],
    )
    return rows[0]?.usable === true
  }

  /** Uses the link up (one statement, so two requests cannot both win) and returns the executive's id. */
  async redeemSignIn(token: string): Promise<string | null> {
    if (!isWellFormedToken(token)) return null
    return this.dataSource.transaction(async (manager) => {
      const [rows]: [{ email: string }[], number] = await manager.query(
        `UPDATE one_time_tokens SET used_at = now()
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
         RETURNING email`,
        [hashToken(token), EXECUTIVE_SIGN_IN_PURPOSE],
      )
      const email = rows[0]?.email
      if (!email) return null
      const executive = await this.currentExecutiveFor(manager, email)
      if (!executive) return null
      await audit(manager, { type: 'executive', id: executive.id }, { action: 'executive.signed-in', subjectType: 'executive', subjectId: executive.id })
      return executive.id
    })
  }

  /** The signed-in executive, while their term lasts. */
  findCurrent(executiveId: string): Promise<Executive | null> {
    return this.dataSource
      .getRepository(Executive)
      .createQueryBuilder('executive')
      .leftJoinAndSelect('executive.role', 'role')
      .where('executive.id = :id', { id: executiveId })
      .andWhere('executive.status IN (:...current)', { current: CURRENT_EXECUTIVE_STATUSES })
      .getOne()
  }

  /** The executive's own team page profile. */
  async updateProfile(executiveId: string, changes: ProfileChanges, version: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.change(manager, executiveId, version, { bio: changes.bio, organisation: changes.organisation, show_on_team: changes.showOnTeam })
      await audit(manager, { type: 'executive', id: executiveId }, {
        action: 'executive.profile-changed',
        subjectType: 'executive',
        subjectId: executiveId,
        note: changes.showOnTeam ? 'shown on the team page' : 'not shown on the team page',
      })
    })
  }

  // Terms (daily worker tasks).

  /**
   * Emails each executive whose term ends within 30 days, and the community managers, once.
   * The executive's row records it (a conditional UPDATE, so two runs at the same moment send
   * once), and the email keys carry the term end date, so nothing is sent twice either way.
   */
  async sendTermReminders(now = new Date()): Promise<number> {
    const today = todayInLondon(now)
    const due: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM executives
       WHERE status = ANY($3::text[]) AND term_reminder_sent_at IS NULL
         AND term_ends_on >= $1::date AND term_ends_on <= $2::date
       ORDER BY term_ends_on`,
      [today, addDays(today, TERM_REMINDER_DAYS), CURRENT_EXECUTIVE_STATUSES],
    )
    let sent = 0
    for (const { id } of due) {
      const reminded = await this.dataSource.transaction(async (manager) => {
        const [rows]: [{ id: string; name: string; email: string; term_ends_on: string; role_title: string }[], number] = await manager.query(
          `UPDATE executives e SET term_reminder_sent_at = now()
           FROM roles r
           WHERE e.id = $1 AND r.id = e.role_id AND e.term_reminder_sent_at IS NULL AND e.status = ANY($4::text[])
             AND e.term_ends_on >= $2::date AND e.term_ends_on <= $3::date
           RETURNING e.id, e.name, e.email, e.term_ends_on::text AS term_ends_on, r.title AS role_title`,
          [id, today, addDays(today, TERM_REMINDER_DAYS), CURRENT_EXECUTIVE_STATUSES],
        )
        const executive = rows[0]
        if (!executive) return false
        const data = { name: executive.name, roleTitle: executive.role_title, termEndsOn: executive.term_ends_on, executiveId: executive.id }
        await this.mail.enqueue(manager, { key: `term-ending:${executive.id}:${executive.term_ends_on}:executive`, template: 'term-ending', to: executive.email, data })
        for (const staff of await communityManagers(manager)) {
          await this.mail.enqueue(manager, {
            key: `term-ending:${executive.id}:${executive.term_ends_on}:${staff.id}`,
            template: 'term-ending-staff',
            to: staff.email,
            data: { ...data, managerName: staff.name },
          })
        }
        await audit(manager, SYSTEM, { action: 'executive.term-reminder-sent', subjectType: 'executive', subjectId: executive.id, note: `term ends: ${executive.term_ends_on}` })
        return true
      })
      if (reminded) sent += 1
    }
    return sent
  }

  /** Ends every term whose last day has passed: those executives leave the team page. */
  async endFinishedTerms(now = new Date()): Promise<number> {
    // The end_term move, for every executive it applies to at once.
    const endTerm = EXECUTIVE_TRANSITIONS.end_term
    return this.dataSource.transaction(async (manager) => {
      const [rows]: [{ id: string; from_status: ExecutiveStatus }[], number] = await manager.query(
        `UPDATE executives e SET status = $2, ended_at = now(), version = e.version + 1, updated_at = now()
         FROM executives before
         WHERE before.id = e.id AND e.status = ANY($3::text[]) AND e.term_ends_on < $1::date
         RETURNING e.id, before.status AS from_status`,
        [todayInLondon(now), endTerm.to, endTerm.from],
      )
      for (const row of rows) {
        await audit(manager, SYSTEM, { action: 'executive.term-ended', subjectType: 'executive', subjectId: row.id, fromStatus: row.from_status, toStatus: endTerm.to, note: 'term end date passed' })
      }
      return rows.length
    })
  }

  // Helpers.

  private async remaining(manager: EntityManager, executiveId: string): Promise<number> {
    const rows: { remaining: number }[] = await manager.query(
      `SELECT count(*)::int AS remaining FROM onboarding_items WHERE executive_id = $1 AND done_at IS NULL`,
      [executiveId],
    )
    return rows[0]!.remaining
  }

  /** The executive's row, locked until the transaction ends. */
  private async lock(manager: EntityManager, executiveId: string): Promise<LockedExecutive> {
    const rows: LockedExecutive[] = await manager.query(
      `SELECT e.id, e.status, e.version, e.application_id, e.name, r.title AS role_title
       FROM executives e JOIN roles r ON r.id = e.role_id
       WHERE e.id = $1
       FOR UPDATE OF e`,
      [executiveId],
    )
    if (!rows[0]) throw new ExecutiveNotFoundError()
    return rows[0]
  }

  /**
   * `UPDATE executives ... WHERE id = $1 AND version = $2`: one row changes, or nothing does and
   * the person is told why (not found, term ended, or changed by someone else).
   */
  private async change(
    manager: EntityManager,
    executiveId: string,
    version: number,
    columns: Partial<Record<ExecutiveColumn, unknown>>,
    options: { allowEnded?: boolean } = {},
  ): Promise<void> {
    const entries = Object.entries(columns)
    const sets = entries.map(([column], index) => `"${column}" = $${index + 4}`)
    const changeable = options.allowEnded ? EXECUTIVE_STATUSES : CURRENT_EXECUTIVE_STATUSES
    const [, changed]: [unknown[], number] = await manager.query(
      `UPDATE executives SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
       WHERE id = $1 AND version = $2 AND status = ANY($3::text[])`,
      [executiveId, version, changeable, ...entries.map(([, value]) => value)],
    )
    if (changed === 1) return
    const rows: { status: ExecutiveStatus }[] = await manager.query(`SELECT status FROM executives WHERE id = $1`, [executiveId])
    if (!rows[0]) throw new ExecutiveNotFoundError()
    if (!isCurrentExecutive(rows[0].status) && !options.allowEnded) throw new ExecutiveEndedError()
    throw new StaleExecutiveError()
  }

  /** Onboarding is over: the executive (and their application) become active; the managers are told. */
  private async complete(manager: EntityManager, executive: LockedExecutive, actor: Actor, note: string | null, version: number | null): Promise<void> {
    const to = nextExecutiveStatus(executive.status, 'activate')
    const [, changed]: [unknown[], number] = await manager.query(
      `UPDATE executives SET status = $2, activated_at = now(), version = version + 1, updated_at = now()
       WHERE id = $1 AND status = $3${version === null ? '' : ' AND version = $4'}`,
      version === null ? [executive.id, to, executive.status] : [executive.id, to, executive.status, version],
    )
    if (changed !== 1) throw new StaleExecutiveError()
    await audit(manager, actor, { action: 'executive.activated', subjectType: 'executive', subjectId: executive.id, fromStatus: executive.status, toStatus: to, note })
    const application = await manager.findOneBy(Application, { id: executive.application_id })
    if (application && canTransition(application.status, 'complete_onboarding')) {
      await transition(manager, application, 'complete_onboarding', actor, null)
    }
    for (const staff of await communityManagers(manager)) {
      await this.mail.enqueue(manager, {
        key: `onboarding-complete:${executive.id}:${staff.id}`,
        template: 'onboarding-complete',
        to: staff.email,
        data: { managerName: staff.name, name: executive.name, roleTitle: executive.role_title, executiveId: executive.id, early: note !== null },
      })
    }
  }

  private async currentExecutiveFor(manager: EntityManager, email: string): Promise<{ id: string; name: string } | null> {
    const rows: { id: string; name: string }[] = await manager.query(
      `SELECT id, name FROM executives WHERE email = $1 AND status = ANY($2::text[]) ORDER BY created_at DESC LIMIT 1`,
      [email, CURRENT_EXECUTIVE_STATUSES],
    )
    return rows[0] ?? null
  }

  private async insertSignInToken(manager: EntityManager, email: string, minutes: number): Promise<{ id: string; token: string }> {
    const { token, hash } = createToken()
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO one_time_tokens (token_hash, purpose, email, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(mins => $4))
       RETURNING id`,
      [hash, EXECUTIVE_SIGN_IN_PURPOSE, email, minutes],
    )
    return { id: inserted[0]!.id, token }
  }
}
