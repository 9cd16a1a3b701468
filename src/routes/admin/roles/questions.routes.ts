import type { Response, Router } from 'express'
import { moveQuestion } from '../../../actions/admin/roles/move-question.ts'
import { removeQuestion } from '../../../actions/admin/roles/remove-question.ts'
import { saveQuestion } from '../../../actions/admin/roles/save-question.ts'
import { QUESTION_TYPES } from '../../../domain/role-definition.ts'
import type { Role } from '../../../entities/index.ts'
import { ROLE_LIMITS, SLUG_PATTERN } from '../../../forms/role/fields.ts'
import { NEW_QUESTION_VALUES, parseQuestion, QUESTION_TYPE_LABELS, questionValues } from '../../../forms/role/question.ts'
import { asString, parseVersion } from '../../../forms/validation.ts'
import type { Services } from '../../../services/index.ts'
import { listEditor, listPage } from './list-editor.ts'
import { roleUrl, rolePages } from './role-pages.ts'

const MOVE_STALE =
  'Someone else changed this role while you had this page open, so nothing was moved. The list below is up to date: try again.'

/** /admin/roles/:id/questions: the role's own questions on the form, a list for ordering and one page per question. */
export default function roleQuestionsRoutes(services: Services): Router {
  const { load, saving, change } = rolePages(services)

  const questionsList = (role: Role, problem: string | null = null) => ({
    title: `Questions: ${role.title}`,
    version: role.version,
    problem,
    errors: problem ? { problem } : {},
    questionTypeLabels: QUESTION_TYPE_LABELS,
  })

  const router = listEditor(services, {
    section: 'questions',
    what: 'question',
    find: (role, key) => (SLUG_PATTERN.test(key) ? (role.questions.find((question) => question.key === key) ?? null) : null),
    list: (role) => questionsList(role),
    form: {
      view: 'question',
      back: 'Back to questions',
      staleField: 'label',
      blank: NEW_QUESTION_VALUES,
      values: (_role, question) => questionValues(question),
      parse: parseQuestion,
      locals: (values) => ({
        typeItems: QUESTION_TYPES.map((type) => ({ value: type, text: QUESTION_TYPE_LABELS[type], checked: values.type === type })),
        limits: ROLE_LIMITS,
      }),
    },
    name: (_role, question) => question.label,
    save: (req, role, version, question, data) => change(req, saveQuestion, { id: role.id, version, key: question?.key ?? null, data }),
    remove: (req, role, version, question) => change(req, removeQuestion, { id: role.id, version, key: question.key }),
  })

  // Move up or down: the buttons on the list page.
  router.post('/:id/questions', async (req, res: Response, next) => {
    const role = await load(req)
    if (!role) return next()
    const body = req.body as Record<string, unknown>
    const [direction, key] = asString(body.move).split(':')
    const question = role.questions.find((candidate) => candidate.key === key)
    if ((direction !== 'up' && direction !== 'down') || !key || !question) return res.redirect(303, roleUrl(role, 'questions'))
    await saving(
      req,
      res,
      role,
      () => change(req, moveQuestion, { id: role.id, version: parseVersion(body), key, direction }),
      (fresh) => listPage(res, fresh, 'questions', questionsList(fresh, MOVE_STALE), 409),
      { flash: `‘${question.label}’ moved ${direction}`, redirect: roleUrl(role, 'questions') },
    )
  })

  return router
}
