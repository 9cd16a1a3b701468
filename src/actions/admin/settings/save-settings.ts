import { Settings } from '../../../entities/index.ts'
import type { SettingsValues } from '../../../domain/settings.ts'
import type { Action } from '../../tx.ts'

export const SETTINGS_FIELDS = [
  'communityName',
  'contactEmail',
  'quorum',
  'blindReview',
  'reminderDays',
  'retentionMonths',
  'referencePrefix',
  'nhsEmailDomains',
  'websiteUrl',
  'slackInviteUrl',
  'codeOfConductUrl',
  'staffSecondFactorRequired',
  'ssoButtonText',
  'publishRecruitmentSummary',
] as const satisfies readonly (keyof SettingsValues)[]

// The audit note names every changed field; only these have their values in it too. The contact
// address may be a person's own, a name is free text, and a Slack invite link lets anyone in:
// their values stay out of the audit.
const VALUES_IN_AUDIT = new Set<keyof SettingsValues>(['quorum', 'blindReview', 'reminderDays', 'retentionMonths', 'referencePrefix', 'nhsEmailDomains', 'staffSecondFactorRequired', 'ssoButtonText', 'publishRecruitmentSummary'])

const COLUMNS: Record<keyof SettingsValues, string> = {
  communityName: 'community_name',
  contactEmail: 'contact_email',
  quorum: 'quorum',
  blindReview: 'blind_review',
  reminderDays: 'reminder_days',
  retentionMonths: 'retention_months',
  referencePrefix: 'reference_prefix',
  nhsEmailDomains: 'nhs_email_domains',
  websiteUrl: 'website_url',
  slackInviteUrl: 'slack_invite_url',
  codeOfConductUrl: 'code_of_conduct_url',
  staffSecondFactorRequired: 'staff_second_factor_required',
  ssoButtonText: 'sso_button_text',
  publishRecruitmentSummary: 'publish_recruitment_summary',
}

// The domain list is an array: compared by its contents, in order.
function same(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.join('\n') === b.join('\n') : a === b
}

/**
 * Saves the settings and audits which fields changed. Returns the changed fields (none: nothing
 * was written). The caller clears its cached settings (services.settings.changed()); other
 * instances catch up within their cache's few seconds.
 */
export const saveSettings: Action<SettingsValues, (keyof SettingsValues)[]> = async (tx, values, actor) => {
  const current = await tx.manager.getRepository(Settings).findOne({ where: { id: 1 }, lock: { mode: 'pessimistic_write' } })
  if (!current) throw new Error('The settings row is missing: run the seed (npm run seed)')
  const fields = SETTINGS_FIELDS.filter((field) => !same(current[field], values[field]))
  if (fields.length === 0) return fields
  await tx.manager.update(Settings, { id: 1 }, Object.fromEntries(fields.map((field) => [field, values[field]])))
  await tx.audit(actor, {
    action: 'settings.updated',
    subjectType: 'settings',
    subjectId: '1',
    note: fields.map((field) => (VALUES_IN_AUDIT.has(field) ? `${COLUMNS[field]}: ${String(current[field])} -> ${String(values[field])}` : COLUMNS[field])).join('; '),
  })
  return fields
}
