import type { Role } from '../../../entities/index.ts'
import type { Action } from '../../tx.ts'
import { changeRole, RoleNotFoundError, type RoleVersion } from './role-change.ts'

export type MoveQuestion = RoleVersion & { key: string; direction: 'up' | 'down' }

/** Swaps a question with the one above or below it; at either end it stays where it is. */
export const moveQuestion: Action<MoveQuestion, Role> = (tx, { key, direction, ...role }, actor) =>
  changeRole(tx, role, actor, (current) => {
    const from = current.questions.findIndex((question) => question.key === key)
    if (from === -1) throw new RoleNotFoundError(`No question ${key}`)
    const to = direction === 'up' ? from - 1 : from + 1
    const questions = [...current.questions]
    if (to >= 0 && to < questions.length) [questions[from], questions[to]] = [questions[to]!, questions[from]!]
    return { changes: { questions }, note: `question moved ${direction}: ${key}` }
  })
