import assert from 'node:assert/strict'
import { it } from 'node:test'
import { auditActionText, auditNoteText, auditStatusText, auditSubjectTypeText } from '../../src/domain/audit-words.ts'

const names = { executives: { '00000000-0000-4000-8000-000000000001': 'Eve Executive' }, roles: { 'web-developer': 'Web developer' } }

it('names actions, subjects and statuses in words, and makes words of what it does not know', () => {
  assert.equal(auditActionText('settings.updated'), 'Settings changed')
  assert.equal(auditActionText('application.reject'), 'Marked as not successful')
  assert.equal(auditActionText('round.dates-changed'), 'Round: dates changed')
  assert.equal(auditSubjectTypeText('onboarding_item'), 'Checklist item')
  assert.equal(auditSubjectTypeText('interest_registration'), 'Interest registration')
  assert.equal(auditStatusText('application', 'in_review'), 'Being reviewed')
  assert.equal(auditStatusText('executive', 'onboarding'), 'Getting started')
  assert.equal(auditStatusText('role', 'open'), 'Open')
  assert.equal(auditStatusText('round', 'not_started'), 'Not started')
})

it('puts notes in words: settings, roles, reasons, people by name, dates', () => {
  assert.equal(
    auditNoteText('settings.updated', 'quorum: 2 -> 3; blind_review: true -> false; nhs_email_domains: nhs.net,nhs.uk -> nhs.net; community_name', names),
    'Quorum changed from 2 to 3. Blind review changed from on to off. NHS email domains changed from nhs.net, nhs.uk to nhs.net. Name of the community changed.',
  )
  assert.equal(auditNoteText('staff.updated', 'board-member, community-manager', names), 'Roles: Board member, Community manager')
  assert.equal(auditNoteText('onboarding.item-added', 'executive: 00000000-0000-4000-8000-000000000001; owner: community-manager', names), 'Executive: Eve Executive; Done by: community manager')
  assert.equal(auditNoteText('onboarding.item-done', 'executive: 00000000-0000-4000-8000-000000000009', names), 'Executive: no longer held')
  assert.equal(auditNoteText('executive.created', 'role: web-developer', names), 'Role: Web developer')
  assert.equal(auditNoteText('application.reject', 'reason: closer-match', names), 'Reason: other applications matched the role more closely')
  assert.equal(auditNoteText('review.submitted', 'recommendation: do-not-appoint', names), 'Recommendation: do not appoint')
  assert.equal(auditNoteText('executive.term-end-changed', 'term ends: 2027-11-30', names), 'Term ends: 30 November 2027')
  assert.equal(auditNoteText('role.updated', 'criteria; version 4', names), 'Criteria; Version 4')
  assert.equal(auditNoteText('data.exported', 'applications: 2; onboarding_items: 0', names), 'Applications: 2; Onboarding items: 0')
  assert.equal(auditNoteText('application.anonymised', 'retention period ended', names), 'Retention period ended')
  assert.equal(auditNoteText('application.submitted', null, names), null)
})
