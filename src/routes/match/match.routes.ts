import { Router, type Response } from 'express'
import { matchOrder, matchRoles } from '../../domain/matching.ts'
import { CAREER_STAGES, HOURS_OPTIONS, NO_SKILLS_YET } from '../../domain/application-answers.ts'
import { matchFormContext, matchFormValues, parseMatch, profileFromMatch, type MatchFormContext, type MatchFormValues } from '../../forms/match.ts'
import { errorList, type Errors } from '../../forms/validation.ts'
import type { Services } from '../../services/index.ts'

const BASE = '/match'
const TITLE = 'Find a role that suits you'

/**
 * "Find a role that suits you": a few questions on one page, then the open roles ranked with the
 * reasons. The answers stay in the session so that "Apply for this role" can carry them into the
 * application (GET /apply?role=slug&from=match).
 */
export default function matchRoutes(services: Services): Router {
  const router = Router()

  function renderQuestions(res: Response, context: MatchFormContext, values: MatchFormValues, errors: Errors) {
    // The page may show the person's own answers: keep it out of shared caches.
    res.set('Cache-Control', 'no-store')
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render('pages/match/questions', {
      title: TITLE,
      backLink: { href: '/roles', text: 'Volunteer roles' },
      values,
      errors,
      errorList: errorList(errors),
      skillOptions: context.skillOptions,
      roles: context.roles,
      careerStages: CAREER_STAGES,
      hoursOptions: HOURS_OPTIONS,
      noSkillsYet: NO_SKILLS_YET,
      formAction: BASE,
    })
  }

  router.get('/', async (req, res) => {
    const context = matchFormContext(await services.roles.listTakingApplications())
    renderQuestions(res, context, matchFormValues(req.session.match), {})
  })

  router.post('/', async (req, res) => {
    const context = matchFormContext(await services.roles.listTakingApplications())
    const { values, errors, answers } = parseMatch(req.body as Record<string, unknown>, context)
    if (!answers) return renderQuestions(res, context, values, errors)
    req.session.match = answers
    res.redirect(303, `${BASE}/results`)
  })

  router.get('/results', async (req, res) => {
    if (!req.session.match) return res.redirect(303, BASE)
    // Only roles taking applications: one that closed or filled since the questions were answered drops out.
    const profile = profileFromMatch(req.session.match)
    const matches = matchRoles(profile, await services.roles.listTakingApplications())
    res.set('Cache-Control', 'no-store')
    res.render('pages/match/results', {
      title: 'Roles that suit you',
      backLink: { href: BASE, text: 'Back to your answers' },
      matches,
      // Whether the order means anything: with no skill or interest in common, the page says so.
      order: matchOrder(profile, matches),
      changeUrl: BASE,
    })
  })

  return router
}
