// The onboarding forms: a community manager's changes at /onboarding and an executive's team
// page profile at /my-onboarding (the same profile fields serve board members at /account).
import { BIO_MAX_LENGTH, CHECKLIST_OWNERS, HANDOVER_NOTES_MAX_LENGTH, ITEM_TITLE_MAX_LENGTH, ORGANISATION_MAX_LENGTH } from '../domain/onboarding.ts'
import type { ChecklistOwner } from '../domain/role-definition.ts'
import { tidyLine, tidyText } from '../domain/text.ts'
import { isRealDate } from './dates.ts'
import { asString, type Errors, type Parsed } from './validation.ts'

/** "Mark as done" / "Mark as not done": the state wanted, so that sending it twice changes nothing more. */
export function parseDone(body: Record<string, unknown>): boolean | null {
  const value = asString(body.done)
  return value === 'yes' ? true : value === 'no' ? false : null
}

function parseOwner(value: unknown): ChecklistOwner | null {
  return CHECKLIST_OWNERS.find((owner) => owner === value) ?? null
}

export function parseItemOwner(body: Record<string, unknown>): Parsed<{ owner: string }> {
  const owner = parseOwner(body.owner)
  return { values: { owner: owner ?? '' }, errors: owner ? {} : { owner: 'Select who does this' } }
}

export interface NewItemValues {
  title: string
  owner: string
  dueOn: string
}

export function parseNewItem(body: Record<string, unknown>): Parsed<NewItemValues> {
  const title = tidyLine(body.title)
  const owner = parseOwner(body.owner)
  const dueOn = asString(body.dueOn).trim()
  const errors: Errors = {}
  if (!title) errors.title = 'Enter what needs to be done'
  else if (title.length > ITEM_TITLE_MAX_LENGTH) errors.title = `What needs to be done must be ${ITEM_TITLE_MAX_LENGTH} characters or fewer`
  if (!owner) errors.owner = 'Select who does this'
  if (!dueOn) errors.dueOn = 'Enter the date it is due'
  else if (!isRealDate(dueOn)) errors.dueOn = 'The date it is due must be a real date'
  return { values: { title, owner: owner ?? '', dueOn }, errors }
}

export function parseTermEnd(body: Record<string, unknown>, startsOn: string): Parsed<{ termEndsOn: string }> {
  const termEndsOn = asString(body.termEndsOn).trim()
  const errors: Errors = {}
  if (!termEndsOn) errors.termEndsOn = 'Enter the last day of the term'
  else if (!isRealDate(termEndsOn)) errors.termEndsOn = 'The last day of the term must be a real date'
  else if (termEndsOn <= startsOn) errors.termEndsOn = 'The last day of the term must be after the day it started'
  return { values: { termEndsOn }, errors }
}

export function parseHandoverNotes(body: Record<string, unknown>): Parsed<{ handoverNotes: string }> {
  const handoverNotes = tidyText(body.handoverNotes)
  const errors: Errors = {}
  if (handoverNotes.length > HANDOVER_NOTES_MAX_LENGTH) errors.handoverNotes = `Handover notes must be ${HANDOVER_NOTES_MAX_LENGTH} characters or fewer`
  return { values: { handoverNotes }, errors }
}

export interface ProfileValues {
  showOnTeam: string
  organisation: string
  bio: string
}

/** The team page profile: listed or not, organisation and a short bio (all optional but the choice). */
export function parseProfile(body: Record<string, unknown>): Parsed<ProfileValues> {
  const showOnTeam = asString(body.showOnTeam)
  const organisation = tidyLine(body.organisation)
  const bio = tidyText(body.bio)
  const errors: Errors = {}
  if (showOnTeam !== 'yes' && showOnTeam !== 'no') errors.showOnTeam = 'Select yes if you would like to be listed on the team page'
  if (organisation.length > ORGANISATION_MAX_LENGTH) errors.organisation = `Organisation must be ${ORGANISATION_MAX_LENGTH} characters or fewer`
  if (bio.length > BIO_MAX_LENGTH) errors.bio = `About you must be ${BIO_MAX_LENGTH} characters or fewer`
  return { values: { showOnTeam, organisation, bio }, errors }
}
