import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request from 'supertest'
import { AuditEvent, Settings, type StaffUser } from '../../src/entities/index.ts'
import { useTestApp } from '../helpers/app.ts'
import { submitForm } from '../helpers/forms.ts'
import { createStaff, signIn } from '../helpers/staff.ts'

// Settings are cached for five minutes here, as in production they are for a few seconds:
// saving must clear the cache, or the next page would still show the old settings.
const t = useTestApp({
  config: { cacheSeconds: 300 },
  staff: {
    admin: { name: 'Ada Admin', roles: ['admin'] },
  },
})

const VALID = {
  communityName: 'NHS Python Community',
  contactEmail: 'hello@example.org',
  quorum: '2',
  blindReview: 'yes',
  reminderDays: '7',
  retentionMonths: '6',
  referencePrefix: 'PYC',
  nhsEmailDomains: 'nhs.net\nnhs.uk',
  websiteUrl: 'https://nhs-pycom.net/',
  slackInviteUrl: '',
  codeOfConductUrl: '',
  staffSecondFactorRequired: 'no',
  ssoButtonText: 'Sign in with your NHS account',
}

async function agentFor(user: StaffUser) {
  const agent = request.agent(t.app)
  await signIn(agent, user)
  return agent
}

const saveSettings = (agent: ReturnType<typeof request.agent>, fields: Record<string, string>) => submitForm(agent, '/admin/settings', fields)

const settingsRow = () => t.database.dataSource.getRepository(Settings).findOneByOrFail({ id: 1 })

describe('settings', () => {
  it('shows the current settings in the form', async () => {
    const agent = await agentFor(t.staff.admin)
    const page = await agent.get('/admin/settings').expect(200)
    const current = await settingsRow()
    assert.match(page.text, /<title>Settings - /)
    assert.match(page.text, new RegExp(`name="communityName"[^>]*value="${current.communityName}"`))
    assert.match(page.text, new RegExp(`name="quorum"[^>]*value="${current.quorum}"`))
    assert.match(page.text, new RegExp(`name="referencePrefix"[^>]*value="${current.referencePrefix}"`))
    assert.match(page.text, /name="blindReview" type="radio" value="yes" checked/)
  })

  it('refuses what is not valid with the NHS error pattern, keeping what was typed', async () => {
    const agent = await agentFor(t.staff.admin)
    const before = await settingsRow()
    const response = await saveSettings(agent, {
      communityName: '  ',
      contactEmail: 'not an email',
      quorum: '21',
      reminderDays: 'seven',
      retentionMonths: '0',
      referencePrefix: 'P1',
    })
    assert.equal(response.status, 400)
    assert.match(response.text, /<title>Error: Settings - /)
    assert.match(response.text, /There is a problem/)
    for (const [field, message] of [
      ['communityName', 'Enter the name of the community'],
      ['contactEmail', 'Enter a contact email address in the correct format'],
      ['quorum', 'The quorum must be between 1 and 20'],
      ['blindReview', 'Select yes if reviewers should not see names'],
      ['reminderDays', 'Reminder days must be a whole number, like 7'],
      ['retentionMonths', 'Retention months must be between 1 and 36'],
      ['referencePrefix', 'The reference prefix must be 2 to 6 letters'],
    ] as const) {
      assert.ok(new RegExp(`href="#${field}">\\s*${message}`).test(response.text), `the summary links to #${field}`)
      assert.match(response.text, new RegExp(`id="${field}-error"`), `an inline message for ${field}`)
    }
    // What was typed is still there.
    assert.match(response.text, /name="contactEmail"[^>]*value="not an email"/)
    assert.match(response.text, /name="quorum"[^>]*value="21"/)
    assert.match(response.text, /name="reminderDays"[^>]*value="seven"/)
    assert.match(response.text, /name="referencePrefix"[^>]*value="P1"/)
    assert.deepEqual(await settingsRow(), before)

    const outOfRange = await saveSettings(agent, { ...VALID, quorum: '0', reminderDays: '61', retentionMonths: '37', referencePrefix: 'TOOLONG' })
    assert.equal(outOfRange.status, 400)
    assert.match(outOfRange.text, /The quorum must be between 1 and 20/)
    assert.match(outOfRange.text, /Reminder days must be between 1 and 60/)
    assert.match(outOfRange.text, /Retention months must be between 1 and 36/)
    assert.match(outOfRange.text, /The reference prefix must be 2 to 6 letters/)
  })

  it('saves, audits which fields changed (not personal values), and the next page shows the new name at once', async () => {
    const agent = await agentFor(t.staff.admin)
    // Load the settings into the cache with the old name.
    const first = await agent.get('/admin/settings').expect(200)
    assert.match(first.text, /NHS Python Community/)

    const saved = await saveSettings(agent, {
      ...VALID,
      communityName: 'Leeds Data Collective',
      contactEmail: 'Volunteers@Example.org',
      quorum: '3',
      blindReview: 'no',
      reminderDays: '10',
      retentionMonths: '12',
      referencePrefix: 'ldc',
    })
    assert.equal(saved.status, 303)
    assert.equal(saved.headers.location, '/admin/settings')

    const next = await agent.get('/admin/settings').expect(200)
    assert.match(next.text, /<title>Settings - Leeds Data Collective<\/title>/)
    assert.match(next.text, /Settings saved/)
    assert.doesNotMatch(next.text, /NHS Python Community/)
    // Every page reads the same cache: a public page shows the new name too.
    assert.match((await request(t.app).get('/privacy').expect(200)).text, /Leeds Data Collective/)

    const row = await settingsRow()
    assert.equal(row.communityName, 'Leeds Data Collective')
    assert.equal(row.contactEmail, 'volunteers@example.org')
    assert.equal(row.quorum, 3)
    assert.equal(row.blindReview, false)
    assert.equal(row.reminderDays, 10)
    assert.equal(row.retentionMonths, 12)
    assert.equal(row.referencePrefix, 'LDC')

    const audits = await t.database.dataSource.getRepository(AuditEvent).findBy({ action: 'settings.updated' })
    assert.equal(audits.length, 1)
    const note = audits[0]!.note ?? ''
    for (const column of ['community_name', 'contact_email', 'quorum: 2 -> 3', 'blind_review: true -> false', 'reminder_days: 7 -> 10', 'retention_months: 6 -> 12', 'reference_prefix']) {
      assert.ok(note.includes(column), `the note names ${column}: ${note}`)
    }
    assert.ok(!note.includes('volunteers@example.org') && !note.includes('Leeds'), 'no contact address or name in the audit')
    assert.equal(audits[0]!.actorType, 'staff')
    assert.equal(audits[0]!.actorId, t.staff.admin.id)

    // Saving the same values again changes nothing and audits nothing.
    const again = await saveSettings(agent, { ...VALID, communityName: 'Leeds Data Collective', contactEmail: 'volunteers@example.org', quorum: '3', blindReview: 'no', reminderDays: '10', retentionMonths: '12', referencePrefix: 'LDC' })
    assert.equal(again.status, 303)
    assert.match((await agent.get('/admin/settings')).text, /Nothing was changed/)
    assert.equal(await t.database.dataSource.getRepository(AuditEvent).countBy({ action: 'settings.updated' }), 1)
  })

  it('is for admins only', async () => {
    const anonymous = await request(t.app).get('/admin/settings')
    assert.equal(anonymous.status, 303)
    assert.equal(anonymous.headers.location, '/sign-in')
    for (const roles of [['board-member'], ['community-manager']] as const) {
      const agent = await agentFor(await createStaff(t, [...roles]))
      await agent.get('/admin/settings').expect(403)
      // A valid CSRF token (from their own home page) does not get them in either.
      assert.equal((await submitForm(agent, '/admin/settings', { ...VALID, communityName: 'Hijacked' }, { from: '/staff' })).status, 403)
    }
    assert.notEqual((await settingsRow()).communityName, 'Hijacked')
  })

  it('refuses a POST without a CSRF token', async () => {
    const agent = await agentFor(t.staff.admin)
    const response = await agent.post('/admin/settings').type('form').send({ ...VALID, communityName: 'No token' })
    assert.equal(response.status, 403)
    assert.match(response.text, /This form has expired/)
    assert.notEqual((await settingsRow()).communityName, 'No token')
  })
})

describe('the community’s links', () => {
  it('starts with the website from the post, and no Slack or code of conduct link', async () => {
    const row = await settingsRow()
    assert.equal(row.websiteUrl, 'https://nhs-pycom.net/')
    assert.equal(row.slackInviteUrl, null)
    assert.equal(row.codeOfConductUrl, null)
  })

  it('refuses what is not an https web address, saying which and why, and keeps what was typed', async () => {
    const agent = await agentFor(t.staff.admin)
    const before = await settingsRow()
    const response = await saveSettings(agent, {
      ...VALID,
      websiteUrl: 'http://nhs-pycom.net',
      slackInviteUrl: 'join slack',
      codeOfConductUrl: `https://nhs-pycom.net/${'x'.repeat(500)}`,
    })
    assert.equal(response.status, 400)
    assert.match(response.text, /<title>Error: Settings - /)
    for (const [field, message] of [
      ['websiteUrl', 'Enter the address of the community’s website starting with https://'],
      ['slackInviteUrl', 'Enter the Slack invite link starting with https://'],
      ['codeOfConductUrl', 'The address of the code of conduct must be 500 characters or fewer'],
    ] as const) {
      assert.ok(new RegExp(`href="#${field}">\\s*${message}`).test(response.text), `the summary links to #${field} with "${message}"`)
      assert.match(response.text, new RegExp(`id="${field}-error"`), `an inline message for ${field}`)
    }
    assert.match(response.text, /name="websiteUrl"[^>]*value="http:\/\/nhs-pycom.net"/)
    assert.match(response.text, /name="slackInviteUrl"[^>]*value="join slack"/)
    // The summary lists the links in the order of the page: after the contact address, before the quorum.
    const order = ['#contactEmail', '#websiteUrl', '#slackInviteUrl', '#codeOfConductUrl', '#quorum']
    const badQuorum = await saveSettings(agent, { ...VALID, contactEmail: 'nope', websiteUrl: 'https://', slackInviteUrl: 'https://exa mple.org', codeOfConductUrl: 'ftp://x.org', quorum: '' })
    const positions = order.map((href) => badQuorum.text.indexOf(`href="${href}"`))
    assert.ok(positions.every((position, index) => position > 0 && (index === 0 || position > positions[index - 1]!)), `summary order ${positions.join(', ')}`)
    assert.match(badQuorum.text, /Enter the address of the community’s website in the correct format, like https:\/\/nhs-pycom.net/)
    assert.match(badQuorum.text, /Enter the Slack invite link in the correct format/)
    assert.deepEqual(await settingsRow(), before)
  })

  it('saves the links tidied, audits that they changed without their values, and clears one left empty', async () => {
    const agent = await agentFor(t.staff.admin)
    await t.database.dataSource.query(`DELETE FROM "audit_events"`)
    const saved = await saveSettings(agent, {
      ...VALID,
      communityName: (await settingsRow()).communityName,
      contactEmail: (await settingsRow()).contactEmail,
      websiteUrl: '  HTTPS://Example.org  ',
      slackInviteUrl: 'https://join.slack.com/t/example/shared_invite/zt-secret',
      codeOfConductUrl: 'https://example.org/code-of-conduct',
    })
    assert.equal(saved.status, 303)
    const row = await settingsRow()
    assert.equal(row.websiteUrl, 'https://example.org/')
    assert.equal(row.slackInviteUrl, 'https://join.slack.com/t/example/shared_invite/zt-secret')
    assert.equal(row.codeOfConductUrl, 'https://example.org/code-of-conduct')
    const [audit] = await t.database.dataSource.getRepository(AuditEvent).findBy({ action: 'settings.updated' })
    const note = audit?.note ?? ''
    assert.ok(note.includes('slack_invite_url') && note.includes('code_of_conduct_url') && note.includes('website_url'), note)
    assert.ok(!note.includes('zt-secret') && !note.includes('example.org'), 'the links themselves stay out of the audit')

    // Every page's footer links to the website. (Public pages are cached here for five minutes, as
    // for a few seconds in production: each check reads a page not read before.)
    const cookies = await request(t.app).get('/cookies').expect(200)
    assert.match(cookies.text, /<a class="nhsuk-footer__list-item-link" href="https:\/\/example.org\/">The community’s website<\/a>/)

    await saveSettings(agent, { ...VALID, communityName: row.communityName, contactEmail: row.contactEmail, websiteUrl: '', slackInviteUrl: '', codeOfConductUrl: '' }).then((response) => assert.equal(response.status, 303))
    const cleared = await settingsRow()
    assert.deepEqual([cleared.websiteUrl, cleared.slackInviteUrl, cleared.codeOfConductUrl], [null, null, null])
    assert.doesNotMatch((await request(t.app).get('/accessibility').expect(200)).text, /The community’s website/)
  })
})
