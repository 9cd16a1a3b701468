import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm'
import type { ChecklistTemplateItem, Criterion, ReadingLink, RoleQuestion, RoleStatus } from '../domain/role-definition.ts'
import { nextRoleStatus, ROLE_ACTIONS, ROLE_LIST_ORDER, ROLE_MACHINE, type RoleAction } from '../domain/role-status.ts'
import type { StaffUser } from '../entities/index.ts'
import { Role } from '../entities/index.ts'
import type { ChecklistData, CriteriaText, QuestionData, RoleDetails } from '../forms/role.ts'
import { audit, SYSTEM, type Actor } from './audit.ts'
import { todayInLondon, type RoleService } from './role.service.ts'
import { AppError } from '../domain/errors.ts'

// Role definitions, as community managers keep them. Every change is one UPDATE guarded by the
// version the person was looking at (a stale edit changes nothing), bumps the version, writes an
// audit row and forgets the cached public roles. Applications are untouched: each keeps its own
// snapshot of the questions and criteria it was made against (application_roles).

export class RoleNotFoundError extends AppError {}

/** Someone changed the role since the person opened the page. Nothing was written. */
export class StaleRoleError extends AppError {
  constructor() {
    super('The role was changed by someone else')
  }
}

export class SlugTakenError extends AppError {
  constructor(slug: string) {
    super(`Another role already uses ${slug}`)
  }
}

export interface OpeningProblem {
  text: string
  /** The page that fixes it, relative to the role's admin page. */
  section: 'details' | 'responsibilities' | 'criteria'
}

/** The role is missing something the public page and the score sheet need. */
export class RoleNotReadyError extends AppError {
  constructor(readonly problems: OpeningProblem[]) {
    super('The role is not ready to open')
  }
}

// The role status machine lives in src/domain/role-status.ts; the admin pages find it here too.
export { canTakeAction, IllegalRoleTransitionError, ROLE_ACTIONS, type RoleAction } from '../domain/role-status.ts'

/** What stops a role from opening: the public page needs responsibilities, reviewers need criteria. */
export function openingProblems(role: Pick<Role, 'responsibilities' | 'criteria' | 'closesOn'>, today: string): OpeningProblem[] {
  const problems: OpeningProblem[] = []
  if (role.responsibilities.length === 0) problems.push({ text: 'Add at least one responsibility', section: 'responsibilities' })
  if (!role.criteria.some((criterion) => criterion.kind === 'essential')) {
    problems.push({ text: 'Add at least one essential criterion: reviewers score applications against the criteria', section: 'criteria' })
  }
  if (role.closesOn && role.closesOn < today) problems.push({ text: 'Change the closing date: it has passed', section: 'details' })
  return problems
}

// ---------------------------------------------------------------------------------------------
// Keys: stable identifiers for criteria, questions and checklist items, made once from their
// text and kept when the text is reworded, so scores and answers stay attached across versions.

/** A lowercase-hyphen key from some text, at most 40 characters, not in `taken`. */
export function keyFrom(text: string, taken: Iterable<string>, fallback: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  let base = ''
  for (const word of words) {
    const next = base ? `${base}-${word}` : word
    if (next.length > 40) break
    base = next
  }
  base ||= fallback
  const used = new Set(taken)
  let key = base
  for (let n = 2; used.has(key); n++) key = `${base}-${n}`
  return key
}

function normalised(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim()
}

function bigrams(text: string): Map<string, number> {
  const counts = new Map<string, number>()
  const squeezed = normalised(text)
  for (let i = 0; i < squeezed.length - 1; i++) {
    const pair = squeezed.slice(i, i + 2)
    counts.set(pair, (counts.get(pair) ?? 0) + 1)
  }
  return counts
}

/** Dice similarity of character pairs, 0 to 1: how much of a rewording is the same text. */
export function similarity(a: string, b: string): number {
  const left = bigrams(a)
  const right = bigrams(b)
  let shared = 0
  let total = 0
  for (const [pair, count] of left) {
    shared += Math.min(count, right.get(pair) ?? 0)
    total += count
  }
  for (const count of right.values()) total += count
  return total === 0 ? (normalised(a) === normalised(b) ? 1 : 0) : (2 * shared) / total
}

/** A reworded line at the same place in the same list: a light edit is enough to tell. */
const SAME_PLACE_SIMILARITY = 0.4
/** A line moved elsewhere and reworded: it must be mostly the same text. */
const ANYWHERE_SIMILARITY = 0.7

/**
 * The new criteria with keys. One typed per line, so which line was which has to be worked out:
 * the same text (anywhere, even moved between essential and desirable) keeps its key; then a
 * line reworded in place (same list, same position, similar text) keeps it; then a line that is
 * mostly the same text as one left over keeps it. Anything else is new and gets a new key, never
 * one that an earlier criterion of this role had.
 */
export function assignCriterionKeys(previous: readonly Criterion[], next: CriteriaText): Criterion[] {
  const items = [
    ...next.essential.map((text, position) => ({ text, kind: 'essential' as const, position, key: null as string | null })),
    ...next.desirable.map((text, position) => ({ text, kind: 'desirable' as const, position, key: null as string | null })),
  ]
  const unused = new Set(previous)
  const take = (item: (typeof items)[number], criterion: Criterion) => {
    item.key = criterion.key
    unused.delete(criterion)
  }

  for (const item of items) {
    const same = [...unused].find((criterion) => normalised(criterion.text) === normalised(item.text))
    if (same) take(item, same)
  }
  for (const item of items.filter((candidate) => !candidate.key)) {
    const atPlace = previous.filter((criterion) => criterion.kind === item.kind)[item.position]
    if (atPlace && unused.has(atPlace) && similarity(atPlace.text, item.text) >= SAME_PLACE_SIMILARITY) take(item, atPlace)
  }
  for (const item of items.filter((candidate) => !candidate.key)) {
    const best = [...unused]
      .map((criterion) => ({ criterion, score: similarity(criterion.text, item.text) }))
      .sort((a, b) => b.score - a.score)[0]
    if (best && best.score >= ANYWHERE_SIMILARITY) take(item, best.criterion)
  }

  const taken = new Set(previous.map((criterion) => criterion.key))
  for (const item of items) if (item.key) taken.add(item.key)
  return items.map((item) => {
    const key = item.key ?? keyFrom(item.text, taken, 'criterion')
    taken.add(key)
    return { key, text: item.text, kind: item.kind }
  })
}

// ---------------------------------------------------------------------------------------------

/** Keys that would clash with the admin pages' own addresses (/questions/new). */
const RESERVED_KEYS = ['new']

/** Answer lengths for the text question types, as the seeded roles use. */
const TEXT_MAX_LENGTH: Partial<Record<RoleQuestion['type'], number>> = { text: 200, textarea: 1500 }

export interface RoleListItem {
  id: string
  slug: string
  title: string
  status: RoleStatus
  places: number
  closesOn: string | null
  applications: number
}

function staffActor(user: Pick<StaffUser, 'id'>): Actor {
  return { type: 'staff', id: user.id }
}

interface Change {
  changes: Partial<Role>
  note: string | null
  action?: string
  fromStatus?: RoleStatus
  toStatus?: RoleStatus
}

export class RoleAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly roles: Pick<RoleService, 'changed'>,
  ) {}

  /** Every role, the live ones first, with how many applications each has had. */
  async list(): Promise<RoleListItem[]> {
    const rows: Array<{ id: string; slug: string; title: string; status: RoleStatus; places: number; closes_on: string | null; applications: string }> =
      await this.dataSource.query(
        `SELECT r.id, r.slug, r.title, r.status, r.places, to_char(r.closes_on, 'YYYY-MM-DD') AS closes_on,
                (SELECT count(*) FROM application_roles ar WHERE ar.role_id = r.id) AS applications
         FROM roles r
         ORDER BY array_position($1::text[], r.status), r.display_order, r.title`,
        [ROLE_LIST_ORDER],
      )
    return rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      title: row.title,
      status: row.status,
      places: row.places,
      closesOn: row.closes_on,
      applications: Number(row.applications),
    }))
  }

  findById(id: string): Promise<Role | null> {
    return this.dataSource.getRepository(Role).findOneBy({ id })
  }

  /** A new draft role with its details; the rest is added on the role's own pages. */
  async create(details: RoleDetails & { slug: string }, by: Pick<StaffUser, 'id'>): Promise<Role> {
    const role = await this.withSlugCheck(details.slug, () =>
      this.dataSource.transaction(async (manager) => {
        if (await manager.existsBy(Role, { slug: details.slug })) throw new SlugTakenError(details.slug)
        const [{ next }]: [{ next: number }] = await manager.query(`SELECT coalesce(max(display_order), 0) + 1 AS next FROM roles`)
        const created = await manager.save(
          Role,
          manager.create(Role, {
            ...details,
            responsibilities: [],
            skills: [],
            criteria: [],
            readingLinks: [],
            questions: [],
            checklistTemplate: [],
            status: ROLE_MACHINE.initial,
            displayOrder: next,
            version: 1,
          }),
        )
        await audit(manager, staffActor(by), { action: 'role.created', subjectType: 'role', subjectId: created.id, toStatus: ROLE_MACHINE.initial, note: created.slug })
        return created
      }),
    )
    this.roles.changed()
    return role
  }

  updateDetails(id: string, version: number, details: RoleDetails, by: Pick<StaffUser, 'id'>): Promise<Role> {
    return this.withSlugCheck(details.slug, () =>
      this.change(id, version, by, async (role, manager) => {
        const { slug, ...rest } = details
        const changes: Partial<Role> = { ...rest }
        // The web address is fixed once the role has been public: links to it are out there.
        if (slug !== null && role.status === 'draft' && slug !== role.slug) {
          if (await manager.existsBy(Role, { slug })) throw new SlugTakenError(slug)
          changes.slug = slug
        }
        return { changes, note: 'details' }
      }),
    )
  }

  updateResponsibilities(id: string, version: number, responsibilities: string[], by: Pick<StaffUser, 'id'>): Promise<Role> {
    return this.change(id, version, by, () => ({ changes: { responsibilities }, note: 'responsibilities' }))
  }

  updateSkills(id: string, version: number, skills: string[], by: Pick<StaffUser, 'id'>): Promise<Role> {
    return this.change(id, version, by, () => ({ changes: { skills }, note: 'skills' }))
  }

  updateCriteria(id: string, version: number, criteria: CriteriaText, by: Pick<StaffUser, 'id'>): Promise<Role> {
    return this.change(id, version, by, (role) => ({ changes: { criteria: assignCriterionKeys(role.criteria, criteria) }, note: 'criteria' }))
  }

  /** Adds a question (key null) at the end, or changes one. Its key never changes. */
  saveQuestion(id: string, version: number, key: string | null, data: QuestionData, by: Pick<StaffUser, 'id'>): Promise<Role> {
    return this.change(id, version, by, (role) => {
      if (key === null) {
        const question: RoleQuestion = {
          key: keyFrom(data.label, [...role.questions.map((q) => q.key), ...RESERVED_KEYS], 'question'),
          ...data,
          maxLength: TEXT_MAX_LENGTH[data.type] ?? null,
        }
        return { changes: { questions: [...role.questions, question] }, note: `question added: ${question.key}` }
      }
      const existing = role.questions.find((question) => question.key === key)
      if (!existing) throw new RoleNotFoundError(`No question ${key}`)
      const maxLength = existing.type === data.type ? existing.maxLength : (TEXT_MAX_LENGTH[data.type] ?? null)
      return {
        changes: { questions: role.questions.map((question) => (question.key === key ? { key, ...data, maxLength } : question)) },
        note: `question changed: ${key}`,
      }
    })
  }

  removeQuestion(id: string, version: number, key: string, by: Pick<StaffUser, 'id'>): Promise<Role> {
    return this.change(id, version, by, (role) => {
      if (!role.questions.some((question) => question.key === key)) throw new RoleNotFoundError(`No question ${key}`)
      return { changes: { questions: role.questions.filter((question) => question.key !== key) }, note: `question removed: ${key}` }
    })
  }

  moveQuestion(id: string, version: number, key: string, direction: 'up' | 'down', by: Pick<StaffUser, 'id'>): Promise<Role> {
    return this.change(id, version, by, (role) => {
      const from = role.questions.findIndex((question) => question.key === key)
      if (from === -1) throw new RoleNotFoundError(`No question ${key}`)
      const to = direction === 'up' ? from - 1 : from + 1
      const questions = [...role.questions]
      if (to >= 0 && to < questions.length) [questions[from], questions[to]] = [questions[to]!, questions[from]!]
      return { changes: { questions }, note: `question moved ${direction}: ${key}` }
    })
  }

  /** Adds a link (index null) at the end, or changes the one at `index`. */
  saveLink(id: string, version: number, index: number | null, link: ReadingLink, by: Pick<StaffUser, 'id'>): Promise<Role> {
    return this.change(id, version, by, (role) => {
      if (index === null) return { changes: { readingLinks: [...role.readingLinks, link] }, note: 'reading link added' }
      if (!role.readingLinks[index]) throw new RoleNotFoundError(`No link ${index}`)
      return { changes: { readingLinks: role.readingLinks.map((existing, i) => (i === index ? link : existing)) }, note: `reading link ${index + 1} changed` }
    })
  }

  removeLink(id: string, version: number, index: number, by: Pick<StaffUser, 'id'>): Promise<Role> {
    return this.change(id, version, by, (role) => {
      if (!role.readingLinks[index]) throw new RoleNotFoundError(`No link ${index}`)
      return { changes: { readingLinks: role.readingLinks.filter((_, i) => i !== index) }, note: `reading link ${index + 1} removed` }
    })
  }

  /** Adds a checklist item (key null) or changes one. Its key never changes. */
  saveChecklistItem(id: string, version: number, key: string | null, data: ChecklistData, by: Pick<StaffUser, 'id'>): Promise<Role> {
    return this.change(id, version, by, (role) => {
      if (key === null) {
        const item: ChecklistTemplateItem = { key: keyFrom(data.title, [...role.checklistTemplate.map((i) => i.key), ...RESERVED_KEYS], 'item'), ...data }
        return { changes: { checklistTemplate: [...role.checklistTemplate, item] }, note: `checklist item added: ${item.key}` }
      }
      if (!role.checklistTemplate.some((item) => item.key === key)) throw new RoleNotFoundError(`No checklist item ${key}`)
      return {
        changes: { checklistTemplate: role.checklistTemplate.map((item) => (item.key === key ? { key, ...data } : item)) },
        note: `checklist item changed: ${key}`,
      }
    })
  }

  removeChecklistItem(id: string, version: number, key: string, by: Pick<StaffUser, 'id'>): Promise<Role> {
    return this.change(id, version, by, (role) => {
      if (!role.checklistTemplate.some((item) => item.key === key)) throw new RoleNotFoundError(`No checklist item ${key}`)
      return { changes: { checklistTemplate: role.checklistTemplate.filter((item) => item.key !== key) }, note: `checklist item removed: ${key}` }
    })
  }

  /** Opens, closes or archives a role, as the status machine allows. Opening checks the role is ready. */
  changeStatus(id: string, version: number, action: RoleAction, by: Pick<StaffUser, 'id'>, now = new Date()): Promise<Role> {
    return this.change(id, version, by, (role) => {
      const to = nextRoleStatus(role.status, action)
      if (action === 'open') {
        const problems = openingProblems(role, todayInLondon(now))
        if (problems.length > 0) throw new RoleNotReadyError(problems)
      }
      return { changes: { status: to }, action: `role.${ROLE_ACTIONS[action].past}`, fromStatus: role.status, toStatus: to, note: null }
    })
  }

  /**
   * The daily task: closes open roles whose closing date (a UK date) is before today. isRoleOpen
   * already hides them from the public in between. Returns the ids closed.
   */
  async closePastClosingDate(now = new Date()): Promise<string[]> {
    // The close move, for every role it applies to at once.
    const close = ROLE_ACTIONS.close
    const closed = await this.dataSource.transaction(async (manager) => {
      const [rows]: [Array<{ id: string; from_status: RoleStatus }>, number] = await manager.query(
        `UPDATE roles r SET status = $2, version = r.version + 1, updated_at = now()
         FROM roles before
         WHERE before.id = r.id AND r.status = ANY($3::text[]) AND r.closes_on < $1::date
         RETURNING r.id, before.status AS from_status`,
        [todayInLondon(now), close.to, close.from],
      )
      for (const row of rows) {
        await audit(manager, SYSTEM, {
          action: `role.${close.past}`,
          subjectType: 'role',
          subjectId: row.id,
          fromStatus: row.from_status,
          toStatus: close.to,
          note: 'closing date passed',
        })
      }
      return rows.map((row) => row.id)
    })
    if (closed.length > 0) this.roles.changed()
    return closed
  }

  /**
   * One change to a role: reads it, lets `plan` work out the new values (or refuse), then writes
   * them only if the version is still the one the person saw, with the audit row, in one
   * transaction.
   */
  private async change(
    id: string,
    version: number,
    by: Pick<StaffUser, 'id'>,
    plan: (role: Role, manager: EntityManager) => Change | Promise<Change>,
  ): Promise<Role> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const role = await manager.findOneBy(Role, { id })
      if (!role) throw new RoleNotFoundError(`No role ${id}`)
      if (!Number.isInteger(version) || role.version !== version) throw new StaleRoleError()
      const { changes, note, action, fromStatus, toStatus } = await plan(role, manager)
      const result = await manager
        .createQueryBuilder()
        .update(Role)
        .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' })
        .where('id = :id AND version = :version', { id, version })
        .execute()
      if (result.affected !== 1) throw new StaleRoleError()
      await audit(manager, staffActor(by), {
        action: action ?? 'role.updated',
        subjectType: 'role',
        subjectId: id,
        fromStatus: fromStatus ?? null,
        toStatus: toStatus ?? null,
        note: note ? `${note}; version ${version + 1}` : `version ${version + 1}`,
      })
      return manager.findOneByOrFail(Role, { id })
    })
    this.roles.changed()
    return updated
  }

  /** The unique index is the last word on slugs: two people creating the same one at once. */
  private async withSlugCheck<T>(slug: string | null, work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : null
      if (slug && driverError?.code === '23505' && driverError.constraint === 'roles_slug_key') throw new SlugTakenError(slug)
      throw error
    }
  }
}
