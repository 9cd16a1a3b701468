import assert from 'node:assert/strict'
import { it } from 'node:test'
import { EMAIL_PREVIEWS, renderEmailPreview } from '../../src/mail/previews.ts'
import { emailTemplateNames } from '../../src/mail/templates.ts'
import { testEmailContext } from '../helpers/email-context.ts'

const context = testEmailContext()
const withLinks = testEmailContext({
  websiteUrl: 'https://nhs-pycom.net/',
  slackInviteUrl: 'https://join.slack.com/t/nhs-pycom/shared_invite/abc',
  codeOfConductUrl: 'https://nhs-pycom.net/code-of-conduct',
})

it('has sample data for every email template, and none for a template that is not there', () => {
  assert.deepEqual(Object.keys(EMAIL_PREVIEWS).sort(), emailTemplateNames())
})

it('renders every template with its sample data', async () => {
  for (const [name, links] of emailTemplateNames().flatMap((name) => [[name, context], [name, withLinks]] as const)) {
    const email = await renderEmailPreview(name, links)
    assert.ok(email, name)
    assert.ok(email.subject.length > 0, `${name} has a subject`)
    assert.match(email.html, /^<!DOCTYPE html>/, `${name} has an HTML part`)
    assert.doesNotMatch(email.text, /undefined|\[object Object\]/, `${name}'s text part has all its data`)
    assert.doesNotMatch(email.html, /undefined|\[object Object\]/, `${name}'s HTML part has all its data`)
  }
  assert.equal(await renderEmailPreview('toString', context), null)
  assert.equal(await renderEmailPreview('no-such-template', context), null)
})
