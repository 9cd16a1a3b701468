import type { QuestionData, RoleQuestion } from '../../../domain/role-definition.ts'
import type { Role } from '../../../entities/index.ts'
import type { Action } from '../../tx.ts'
import { changeRole, RoleNotFoundError, type RoleVersion } from './role-change.ts'
import { keyFrom, RESERVED_KEYS } from './role-keys.ts'

/** Answer lengths for the text question types, as the seeded roles use. */
const TEXT_MAX_LENGTH: Partial<Record<RoleQuestion['type'], number>> = { text: 200, textarea: 1500 }

export type SaveQuestion = RoleVersion & {
  /** The question to change; null adds one. */
  key: string | null
  data: QuestionData
}

/** Adds a question (key null) at the end, or changes one. Its key never changes. */
export const saveQuestion: Action<SaveQuestion, Role> = (tx, { key, data, ...role }, actor) =>
  changeRole(tx, role, actor, (current) => {
    if (key === null) {
      const question: RoleQuestion = {
        key: keyFrom(data.label, [...current.questions.map((q) => q.key), ...RESERVED_KEYS], 'question'),
        ...data,
        maxLength: TEXT_MAX_LENGTH[data.type] ?? null,
      }
      return { changes: { questions: [...current.questions, question] }, note: `question added: ${question.key}` }
    }
    const existing = current.questions.find((question) => question.key === key)
    if (!existing) throw new RoleNotFoundError(`No question ${key}`)
    const maxLength = existing.type === data.type ? existing.maxLength : (TEXT_MAX_LENGTH[data.type] ?? null)
    return {
      changes: { questions: current.questions.map((question) => (question.key === key ? { key, ...data, maxLength } : question)) },
      note: `question changed: ${key}`,
    }
  })
