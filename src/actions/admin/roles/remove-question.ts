import type { Role } from '../../../entities/index.ts'
import type { Action } from '../../tx.ts'
import { changeRole, RoleNotFoundError, type RoleVersion } from './role-change.ts'

/** Takes a question off the form. Applications already made keep their own copy of it. */
export const removeQuestion: Action<RoleVersion & { key: string }, Role> = (tx, { key, ...role }, actor) =>
  changeRole(tx, role, actor, (current) => {
    if (!current.questions.some((question) => question.key === key)) throw new RoleNotFoundError(`No question ${key}`)
    return { changes: { questions: current.questions.filter((question) => question.key !== key) }, note: `question removed: ${key}` }
  })
