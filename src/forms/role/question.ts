// One role-specific question, asked of everyone who applies for the role.
import { QUESTION_TYPES, type QuestionData, type QuestionType } from '../../domain/role-definition.ts'
import { tidyLine, tidyText } from '../../domain/text.ts'
import { asString, type Errors } from '../validation.ts'
import { hasDuplicates, linesOf, ROLE_LIMITS, type ParsedForm } from './fields.ts'

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  text: 'Short answer (one line)',
  textarea: 'Long answer (a few paragraphs)',
  'yes-no': 'Yes or no',
  'choose-one': 'Choose one option from a list',
  'choose-many': 'Choose one or more options from a list',
}

const CHOICE_TYPES: readonly QuestionType[] = ['choose-one', 'choose-many']


export interface QuestionValues {
  label: string
  hint: string
  type: string
  required: string
  options: string
}

export const NEW_QUESTION_VALUES: QuestionValues = { label: '', hint: '', type: '', required: '', options: '' }

export function questionValues(question: { label: string; hint: string | null; type: QuestionType; required: boolean; options: string[] }): QuestionValues {
  return {
    label: question.label,
    hint: question.hint ?? '',
    type: question.type,
    required: question.required ? 'yes' : 'no',
    options: question.options.join('\n'),
  }
}

export function parseQuestion(body: Record<string, unknown>): ParsedForm<QuestionValues, QuestionData> {
  const values: QuestionValues = {
    label: tidyLine(body.label),
    hint: tidyLine(body.hint),
    type: asString(body.type),
    required: asString(body.required),
    options: tidyText(body.options),
  }
  const errors: Errors = {}
  if (!values.label) errors.label = 'Enter the question'
  else if (values.label.length > ROLE_LIMITS.questionLabel) errors.label = `Question must be ${ROLE_LIMITS.questionLabel} characters or fewer`
  if (values.hint.length > ROLE_LIMITS.questionHint) errors.hint = `Hint text must be ${ROLE_LIMITS.questionHint} characters or fewer`

  const type = (QUESTION_TYPES as readonly string[]).includes(values.type) ? (values.type as QuestionType) : null
  if (!type) {
    values.type = ''
    errors.type = 'Select the type of answer'
  }
  if (values.required !== 'yes' && values.required !== 'no') {
    values.required = ''
    errors.required = 'Select yes if applicants must answer this question'
  }

  const options = linesOf(values.options)
  if (type && CHOICE_TYPES.includes(type)) {
    if (options.length < 2) errors.options = 'Enter at least 2 options, one on each line'
    else if (options.length > ROLE_LIMITS.options) errors.options = `Enter ${ROLE_LIMITS.options} options or fewer`
    else if (options.some((option) => option.length > ROLE_LIMITS.option)) errors.options = `Each option must be ${ROLE_LIMITS.option} characters or fewer`
    else if (hasDuplicates(options)) errors.options = 'Each option must be different'
  }

  return {
    values,
    errors,
    data:
      Object.keys(errors).length === 0
        ? {
            label: values.label,
            hint: values.hint || null,
            type: type!,
            required: values.required === 'yes',
            // Options only mean something for the choice types; others keep none.
            options: CHOICE_TYPES.includes(type!) ? options : [],
          }
        : null,
  }
}
