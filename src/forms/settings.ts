import { MAX_NHS_EMAIL_DOMAINS, parseDomainList } from '../domain/nhs-email.ts'
import { isEmail, normaliseEmail, tidyLine } from '../domain/text.ts'
import type { SettingsValues } from '../domain/settings.ts'
import { httpsUrl } from './role/link.ts'
import { asString, type Errors } from './validation.ts'

/** What the settings form holds: what was typed, as typed, so a page with errors can show it again. */
export interface SettingsFormValues {
  communityName: string
  contactEmail: string
  quorum: string
  blindReview: string
  reminderDays: string
  retentionMonths: string
  referencePrefix: string
  /** One domain a line. */
  nhsEmailDomains: string
  /** Optional web addresses: empty when not set. */
  websiteUrl: string
  slackInviteUrl: string
  codeOfConductUrl: string
  /** 'yes' or 'no': staff must use SSO or a second factor. */
  staffSecondFactorRequired: string
  ssoButtonText: string
  /** 'yes' or 'no'; left out (an older form) means no. */
  publishRecruitmentSummary: string
}

/** Limits shared by the form and the page's hints (quorum and prefix are also CHECKs in the database). */
export const SETTINGS_LIMITS = {
  communityNameMaxLength: 100,
  quorum: { min: 1, max: 20 },
  reminderDays: { min: 1, max: 60 },
  retentionMonths: { min: 1, max: 36 },
  /** Also a CHECK in the database. */
  linkMaxLength: 500,
  ssoButtonTextMaxLength: 60,
} as const

/** The settings as the form shows them. */
export function settingsFormValues(settings: SettingsValues): SettingsFormValues {
  return {
    communityName: settings.communityName,
    contactEmail: settings.contactEmail,
    quorum: String(settings.quorum),
    blindReview: settings.blindReview ? 'yes' : 'no',
    reminderDays: String(settings.reminderDays),
    retentionMonths: String(settings.retentionMonths),
    referencePrefix: settings.referencePrefix,
    nhsEmailDomains: settings.nhsEmailDomains.join('\n'),
    websiteUrl: settings.websiteUrl ?? '',
    slackInviteUrl: settings.slackInviteUrl ?? '',
    codeOfConductUrl: settings.codeOfConductUrl ?? '',
    staffSecondFactorRequired: settings.staffSecondFactorRequired ? 'yes' : 'no',
    publishRecruitmentSummary: settings.publishRecruitmentSummary ? 'yes' : 'no',
    ssoButtonText: settings.ssoButtonText,
  }
}

function wholeNumber(typed: string, range: { min: number; max: number }, words: { missing: string; name: string; example: string }): { value: number | null; error: string | null } {
  if (!typed) return { value: null, error: words.missing }
  if (!/^\d{1,4}$/.test(typed)) return { value: null, error: `${words.name} must be a whole number, like ${words.example}` }
  const value = Number(typed)
  if (value < range.min || value > range.max) return { value: null, error: `${words.name} must be between ${range.min} and ${range.max}` }
  return { value, error: null }
}

/** An optional https address: null when left empty, the address tidied by URL when valid. */
function optionalLink(typed: string, words: { what: string; example: string }): { value: string | null; error: string | null } {
  if (!typed) return { value: null, error: null }
  const what = words.what
  if (typed.length > SETTINGS_LIMITS.linkMaxLength) {
    return { value: null, error: `${what.charAt(0).toUpperCase()}${what.slice(1)} must be ${SETTINGS_LIMITS.linkMaxLength} characters or fewer` }
  }
  if (!/^https:\/\//i.test(typed)) return { value: null, error: `Enter ${what} starting with https://` }
  const url = /\s/.test(typed) ? null : httpsUrl(typed)
  if (!url || url.href.length > SETTINGS_LIMITS.linkMaxLength) return { value: null, error: `Enter ${what} in the correct format, like ${words.example}` }
  return { value: url.href, error: null }
}

/**
 * The settings form. Returns what was typed (tidied), the errors by field id, and the settings to
 * save when there are no errors.
 */
export function parseSettings(body: Record<string, unknown>): { values: SettingsFormValues; errors: Errors; settings: SettingsValues | null } {
  const values: SettingsFormValues = {
    communityName: tidyLine(body.communityName),
    contactEmail: tidyLine(body.contactEmail),
    // Spaces typed around or inside a number ("1 2") are not a number; only trim the ends.
    quorum: asString(body.quorum).trim(),
    blindReview: asString(body.blindReview),
    reminderDays: asString(body.reminderDays).trim(),
    retentionMonths: asString(body.retentionMonths).trim(),
    // Forgiving of case: "pyc" means PYC.
    referencePrefix: asString(body.referencePrefix).trim().toUpperCase(),
    nhsEmailDomains: asString(body.nhsEmailDomains).trim(),
    // A web address has no spaces: any typed around it go, any inside it are an error.
    websiteUrl: asString(body.websiteUrl).trim(),
    slackInviteUrl: asString(body.slackInviteUrl).trim(),
    codeOfConductUrl: asString(body.codeOfConductUrl).trim(),
    staffSecondFactorRequired: asString(body.staffSecondFactorRequired),
    ssoButtonText: tidyLine(body.ssoButtonText),
    publishRecruitmentSummary: asString(body.publishRecruitmentSummary) || 'no',
  }
  const errors: Errors = {}

  if (!values.communityName) errors.communityName = 'Enter the name of the community'
  else if (values.communityName.length > SETTINGS_LIMITS.communityNameMaxLength) {
    errors.communityName = `The name of the community must be ${SETTINGS_LIMITS.communityNameMaxLength} characters or fewer`
  }

  if (!values.contactEmail) errors.contactEmail = 'Enter a contact email address'
  else if (!isEmail(values.contactEmail)) errors.contactEmail = 'Enter a contact email address in the correct format, like name@example.com'

  const websiteUrl = optionalLink(values.websiteUrl, { what: 'the address of the community’s website', example: 'https://nhs-pycom.net' })
  if (websiteUrl.error) errors.websiteUrl = websiteUrl.error
  const slackInviteUrl = optionalLink(values.slackInviteUrl, { what: 'the Slack invite link', example: 'https://join.slack.com/t/your-workspace/shared_invite/...' })
  if (slackInviteUrl.error) errors.slackInviteUrl = slackInviteUrl.error
  const codeOfConductUrl = optionalLink(values.codeOfConductUrl, { what: 'the address of the code of conduct', example: 'https://nhs-pycom.net/code-of-conduct' })
  if (codeOfConductUrl.error) errors.codeOfConductUrl = codeOfConductUrl.error

  const quorum = wholeNumber(values.quorum, SETTINGS_LIMITS.quorum, { missing: 'Enter the number of board reviews needed before a decision', name: 'The quorum', example: '2' })
  if (quorum.error) errors.quorum = quorum.error

  if (values.blindReview !== 'yes' && values.blindReview !== 'no') errors.blindReview = 'Select yes if reviewers should not see names and contact details before shortlisting'

  const reminderDays = wholeNumber(values.reminderDays, SETTINGS_LIMITS.reminderDays, { missing: 'Enter the number of days before board members are reminded', name: 'Reminder days', example: '7' })
  if (reminderDays.error) errors.reminderDays = reminderDays.error

  const retentionMonths = wholeNumber(values.retentionMonths, SETTINGS_LIMITS.retentionMonths, {
    missing: 'Enter the number of months to keep unsuccessful and withdrawn applications',
    name: 'Retention months',
    example: '6',
  })
  if (retentionMonths.error) errors.retentionMonths = retentionMonths.error

  if (!values.referencePrefix) errors.referencePrefix = 'Enter a reference prefix'
  else if (!/^[A-Z]{2,6}$/.test(values.referencePrefix)) errors.referencePrefix = 'The reference prefix must be 2 to 6 letters, like PYC'

  const nhsEmailDomains = parseDomainList(values.nhsEmailDomains)
  if (nhsEmailDomains.invalid.length > 0) {
    errors.nhsEmailDomains = `Enter NHS email domains like nhs.net, one a line: ${nhsEmailDomains.invalid.slice(0, 3).join(', ')} is not a domain`
  } else if (nhsEmailDomains.domains.length === 0) errors.nhsEmailDomains = 'Enter at least one NHS email domain, like nhs.net'
  else if (nhsEmailDomains.domains.length > MAX_NHS_EMAIL_DOMAINS) errors.nhsEmailDomains = `Enter ${MAX_NHS_EMAIL_DOMAINS} NHS email domains or fewer`

  if (values.staffSecondFactorRequired !== 'yes' && values.staffSecondFactorRequired !== 'no') {
    errors.staffSecondFactorRequired = 'Select yes if staff must sign in with single sign-on or a second factor'
  }

  if (values.publishRecruitmentSummary !== 'yes' && values.publishRecruitmentSummary !== 'no') {
    errors.publishRecruitmentSummary = 'Select on if the recruitment summary should be published'
  }

  if (!values.ssoButtonText) errors.ssoButtonText = 'Enter the words for the single sign-on button'
  else if (values.ssoButtonText.length > SETTINGS_LIMITS.ssoButtonTextMaxLength) {
    errors.ssoButtonText = `The words for the single sign-on button must be ${SETTINGS_LIMITS.ssoButtonTextMaxLength} characters or fewer`
  }

  if (Object.keys(errors).length > 0) return { values, errors, settings: null }
  return {
    values,
    errors,
    settings: {
      communityName: values.communityName,
      contactEmail: normaliseEmail(values.contactEmail),
      quorum: quorum.value!,
      blindReview: values.blindReview === 'yes',
      reminderDays: reminderDays.value!,
      retentionMonths: retentionMonths.value!,
      referencePrefix: values.referencePrefix,
      nhsEmailDomains: nhsEmailDomains.domains,
      websiteUrl: websiteUrl.value,
      slackInviteUrl: slackInviteUrl.value,
      codeOfConductUrl: codeOfConductUrl.value,
      staffSecondFactorRequired: values.staffSecondFactorRequired === 'yes',
      ssoButtonText: values.ssoButtonText,
      publishRecruitmentSummary: values.publishRecruitmentSummary === 'yes',
    },
  }
}
