import { APPLICATION_MACHINE, type ApplicationStatus } from '../domain/application-status.ts'
import { allows } from '../domain/status-machine.ts'
import { DECISION_LABELS, DECISION_PHRASES, DECISIONS, listWithOr } from '../domain/decisions.ts'
import { linkParts } from '../domain/links.ts'
import { checklistItemLink } from '../domain/onboarding.ts'
import { isFilled, placesAndOffersText, placesFilledText } from '../domain/places.ts'
import { durationInWords } from '../domain/session-timeout.ts'
import { staffNavigation } from '../domain/staff-navigation.ts'
import { componentHelpers } from './component-helpers.ts'
import { responsiveTableHtml, tagHtml } from './responsive-table.ts'

// Small formatting helpers available to every template (app.locals), and the components' helpers.

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' })
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
  timeZone: 'Europe/London',
})

/** "26 November 2026", from a Date or a 'YYYY-MM-DD' date column. */
export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return ''
  const date = typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value
  return LONG_DATE.format(date)
}

/** "26 November 2026 at 4:05pm", the NHS style for a time. */
export function formatDateTime(value: Date | null | undefined): string {
  if (!value) return ''
  const parts = DATE_TIME.formatToParts(value)
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? ''
  const minute = get('minute')
  let time = `${get('hour')}${minute === '00' ? '' : `:${minute}`}${get('dayPeriod').toLowerCase().replace(/[\s.]/g, '')}`
  // The NHS style guide says midday and midnight rather than 12pm and 12am.
  if (time === '12pm') time = 'midday'
  if (time === '12am') time = 'midnight'
  return `${get('day')} ${get('month')} ${get('year')} at ${time}`
}

/** What a community manager may decide now, in words, for the application page. */
export function allowedDecisionLabels(status: ApplicationStatus): string[] {
  return DECISIONS.filter((decision) => allows(APPLICATION_MACHINE, status, decision)).map((decision) => DECISION_LABELS[decision])
}

/** "You can now shortlist the application or tell the applicant ...": null when nothing can be decided. */
export function allowedDecisionsSentence(status: ApplicationStatus): string | null {
  const phrases = DECISIONS.filter((decision) => allows(APPLICATION_MACHINE, status, decision)).map((decision) => DECISION_PHRASES[decision])
  return phrases.length === 0 ? null : `You can now ${listWithOr(phrases)}.`
}

export const viewHelpers = { formatDate, formatDateTime, allowedDecisionLabels, allowedDecisionsSentence, checklistItemLink, linkParts, isFilled, placesFilledText, placesAndOffersText, staffNavigation, durationInWords, componentHelpers, responsiveTableHtml, tagHtml }
