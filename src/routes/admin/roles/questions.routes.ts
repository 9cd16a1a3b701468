import { Router, type Response } from 'express'
import { moveQuestion } from '../../../actions/admin/roles/move-question.ts'
import { removeQuestion } from '../../../actions/admin/roles/remove-question.ts'
import { saveQuestion } from '../../../actions/admin/roles/save-question.ts'
import { QUESTION_TYPES } from '../../../domain/role-definition.ts'
import type { Role } from '../../../entities/index.ts'
import { ROLE_LIMITS, SLUG_PATTERN } from '../../../forms/role/fields.ts'
import { NEW_QUESTION_VALUES, parseQuestion, QUESTION_TYPE_LABELS, questionValues } from '../../../forms/role/question.ts'
import { asString, parseVersion, type Errors } from '../../../forms/validation.ts'
import type { Services } from '../../../services/index.ts'
import { removePage } from './remove-page.ts'
import { renderForm, roleUrl, rolePages, STALE_MESSAGE } from './role-pages.ts'

const findQuestion = (role: Role, key: string) => (SLUG_PATTERN.test(key) ? (role.questions.find((question) => question.key === key) ?? null) : null)

/** /admin/roles/:id/questions: the role's own questions on the form, a list for ordering and one page per question. */
export default function roleQuestionsRoutes(services: Services): Router {
  const router = Router()
  const { load, saving, change } = rolePages(services)

  const renderQuestions = (res: Response, role: Role, problem: string | null = null, status?: number) =>
    res.status(status ?? 200).render('pages/admin/roles/questions', {
      title: `Questions: ${role.title}`,
      role,
      version: role.version,
      problem,
      errors: problem ? { problem } : {},
      questionTypeLabels: QUESTION_TYPE_LABELS,
      backLink: { href: roleUrl(role), text: `Back to ${role.title}` },
    })

  router.get('/:id/questions', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    renderQuestions(res, role)
  })

  // Move up or down: the buttons on the list page.
  router.post('/:id/questions', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    const body = req.body as Record<string, unknown>
    const [direction, key] = asString(body.move).split(':')
    if ((direction !== 'up' && direction !== 'down') || !key || !role.questions.some((question) => question.key === key)) {
      return res.redirect(303, roleUrl(role, 'questions'))
    }
    const label = role.questions.find((question) => question.key === key)!.label
    await saving(
      req,
      res,
      role,
      () => change(req, moveQuestion, { id: role.id, version: parseVersion(body), key, direction }),
      (fresh) => renderQuestions(res, fresh, 'Someone else changed this role while you had this page open, so nothing was moved. The list below is up to date: try again.', 409),
      { flash: `‘${label}’ moved ${direction}`, redirect: roleUrl(role, 'questions') },
    )
  })

  const questionTypeItems = (values: { type: string }) =>
    QUESTION_TYPES.map((type) => ({ value: type, text: QUESTION_TYPE_LABELS[type], checked: values.type === type }))

  const renderQuestion = (res: Response, role: Role, key: string | null, values: typeof NEW_QUESTION_VALUES, errors: Errors, status?: number) =>
    renderForm(
      res,
      'question',
      role,
      {
        title: key ? `Change a question: ${role.title}` : `Add a question: ${role.title}`,
        isNew: key === null,
        values,
        errors,
        typeItems: questionTypeItems(values),
        limits: ROLE_LIMITS,
        backLink: { href: roleUrl(role, 'questions'), text: 'Back to questions' },
      },
      status,
    )

  // Before /:id/questions/:key, which would otherwise take "new" as a question's key.
  router.get('/:id/questions/new', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    renderQuestion(res, role, null, NEW_QUESTION_VALUES, {})
  })

  router.post('/:id/questions/new', async (req, res, next) => {
    const role = await load(req)
    if (!role) return next()
    const body = req.body as Record<string, unknown>
    const { values, errors, data } = parseQuestion(body)
    if (!data) return renderQuestion(res, role, null, values, errors)
    await saving(req, res, role, () => change(req, saveQuestion, { id: role.id, version: parseVersion(body), key: null, data }), (fresh) => renderQuestion(res, fresh, null, values, { label: STALE_MESSAGE }, 409), {
      flash: 'Question added',
      redirect: roleUrl(role, 'questions'),
    })
  })

  router.get('/:id/questions/:key', async (req, res, next) => {
    const role = await load(req)
    const question = role && findQuestion(role, String(req.params.key))
    if (!role || !question) return next()
    renderQuestion(res, role, question.key, questionValues(question), {})
  })

  router.post('/:id/questions/:key', async (req, res, next) => {
    const role = await load(req)
    const question = role && findQuestion(role, String(req.params.key))
    if (!role || !question) return next()
    const body = req.body as Record<string, unknown>
    const { values, errors, data } = parseQuestion(body)
    if (!data) return renderQuestion(res, role, question.key, values, errors)
    await saving(
      req,
      res,
      role,
      () => change(req, saveQuestion, { id: role.id, version: parseVersion(body), key: question.key, data }),
      (fresh) => renderQuestion(res, fresh, question.key, values, { label: STALE_MESSAGE }, 409),
      { flash: 'Question saved', redirect: roleUrl(role, 'questions') },
    )
  })

  router.use(
    removePage(services, {
      section: 'questions',
      find(role, param) {
        const question = findQuestion(role, param)
        return question
          ? { name: question.label, what: 'question', remove: (req, version) => change(req, removeQuestion, { id: role.id, version, key: question.key }) }
          : null
      },
    }),
  )

  return router
}
