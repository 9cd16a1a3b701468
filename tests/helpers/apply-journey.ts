import type { Agent } from 'supertest'
import { csrfTokenFrom } from './forms.ts'

/** Posts a page's form as a browser would: GET it for the CSRF token, then POST the fields. */
export async function submitPage(agent: Agent, path: string, fields: Record<string, string | string[]>) {
  const page = await agent.get(path)
  if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}`)
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: csrfTokenFrom(page), ...fields })
}

export const validAnswers = {
  roles: { roles: ['web-developer', 'content-manager'] },
  'role-order': { 'rank-web-developer': '1', 'rank-content-manager': '2' },
  name: { fullName: 'Ada Lovelace' },
  email: { email: 'Ada@Example.org' },
  phone: { phone: '07700 900982' },
  'nhs-employment': { nhsEmployed: 'yes', organisation: 'Barts Health NHS Trust', jobTitle: 'Apprentice data analyst' },
  'career-stage': { careerStage: 'apprentice' },
  hours: { hours: 'yes' },
  motivation: { motivation: 'I would love to help the community grow and learn HTML and CSS along the way.' },
  skills: { skills: ['HTML/CSS', 'GitHub'], skillsOther: 'A short course in Python' },
  'questions/web-developer': { 'question-web-experience': 'My own site on GitHub Pages.' },
  'questions/content-manager': { 'question-content-example': '' },
  'heard-about': { heardAbout: 'Slack' },
  consent: { consent: 'yes' },
  equality: { 'equality-age': 'under-25', 'equality-sex': 'prefer-not-to-say' },
} satisfies Record<string, Record<string, string | string[]>>

/** Answers every page in order and returns the agent on Check your answers. */
export async function completeApplication(agent: Agent, answers: Record<string, Record<string, string | string[]>> = validAnswers) {
  await agent.get('/apply').expect(303)
  for (const [step, fields] of Object.entries(answers)) {
    const response = await submitPage(agent, `/apply/${step}`, fields)
    if (response.status !== 303) {
      throw new Error(`POST /apply/${step} answered ${response.status}: ${/<ul class="nhsuk-list nhsuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(response.text)?.[1] ?? ''}`)
    }
  }
}

/** The pages of an application for the web developer role alone (no role order, no equality answers). */
export function webDeveloperAnswers(person: { fullName: string; email: string }): Record<string, Record<string, string | string[]>> {
  return {
    roles: { roles: ['web-developer'] },
    name: { fullName: person.fullName },
    email: { email: person.email },
    phone: { phone: '' },
    'nhs-employment': { nhsEmployed: 'no' },
    'career-stage': { careerStage: 'trainee' },
    hours: { hours: 'yes' },
    motivation: { motivation: 'I would like to help build the community’s website.' },
    skills: { skills: ['HTML/CSS'] },
    'questions/web-developer': { 'question-web-experience': 'My own site on GitHub Pages.' },
    'heard-about': { heardAbout: '' },
    consent: { consent: 'yes' },
    equality: {},
  }
}
