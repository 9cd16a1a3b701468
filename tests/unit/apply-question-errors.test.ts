// A role's own questions say what is missing in the question's own words: its capitals and its
// question mark kept, never lower-cased.
import assert from 'node:assert/strict'
import { it } from 'node:test'
import type { FormRole } from '../../src/domain/application-answers.ts'
import type { RoleQuestion } from '../../src/domain/role-definition.ts'
import { applicableSteps, questionFieldId } from '../../src/forms/apply/steps.ts'

function question(key: string, label: string, type: RoleQuestion['type'], options: string[] = []): RoleQuestion {
  return { key, label, hint: null, type, required: true, options, maxLength: null }
}

const questions = [
  question('format', 'Which format of event would you prefer?', 'choose-one', ['A talk', 'A workshop']),
  question('nhs-events', 'Have you used the NHS events platform?', 'yes-no'),
  question('topics', 'Which topics would you cover?', 'choose-many', ['Pandas', 'Plotting']),
  question('idea', 'Your idea for an event in NHS England', 'textarea'),
]
const role: FormRole = { slug: 'events-manager', title: 'Events manager', hoursPerWeek: 2, skills: [], questions }

it('names each unanswered question as it is asked', () => {
  const answers = { roles: [role.slug] }
  const step = applicableSteps(answers, { openRoles: [role] }).find((each) => each.id === `questions/${role.slug}`)
  assert.ok(step, 'the role has a page of its own questions')
  const { errors } = step.parse({}, answers, { openRoles: [role] })
  assert.deepEqual(errors, {
    [questionFieldId(questions[0]!)]: 'Select an answer for ‘Which format of event would you prefer?’',
    [questionFieldId(questions[1]!)]: 'Select yes or no for ‘Have you used the NHS events platform?’',
    [questionFieldId(questions[2]!)]: 'Select at least one answer for ‘Which topics would you cover?’',
    [questionFieldId(questions[3]!)]: 'Answer ‘Your idea for an event in NHS England’',
  })
})
