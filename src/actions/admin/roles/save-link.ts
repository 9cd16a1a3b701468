import type { ReadingLink } from '../../../domain/role-definition.ts'
import type { Role } from '../../../entities/index.ts'
import type { Action } from '../../tx.ts'
import { changeRole, RoleNotFoundError, type RoleVersion } from './role-change.ts'

export type SaveLink = RoleVersion & {
  /** The link to change; null adds one. */
  index: number | null
  link: ReadingLink
}

/** Adds a link (index null) at the end, or changes the one at `index`. */
export const saveLink: Action<SaveLink, Role> = (tx, { index, link, ...role }, actor) =>
  changeRole(tx, role, actor, (current) => {
    if (index === null) return { changes: { readingLinks: [...current.readingLinks, link] }, note: 'reading link added' }
    if (!current.readingLinks[index]) throw new RoleNotFoundError(`No link ${index}`)
    return { changes: { readingLinks: current.readingLinks.map((existing, i) => (i === index ? link : existing)) }, note: `reading link ${index + 1} changed` }
  })
