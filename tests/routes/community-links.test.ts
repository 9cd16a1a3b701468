// The community's links (website, Slack invite, code of conduct) where the emails and pages
// promise them, and the sentence or link left out while one is not set.
import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import request from 'supertest'
import { EmailMessage } from '../../src/entities/index.ts'
import { useTestApp } from '../helpers/app.ts'
import { truncateData } from '../helpers/database.ts'
import { asSent } from '../helpers/emails.ts'
import { addBoardReview, decide, newExecutive, signInExecutive, submitApplication } from '../helpers/review.ts'

const SLACK = 'https://join.slack.com/t/nhs-pycom/shared_invite/zt-invite'
const CONDUCT = 'https://nhs-pycom.net/code-of-conduct'
const WEBSITE = 'https://nhs-pycom.net/'

const t = useTestApp({
  staff: {
    manager: { name: 'Cora Manager', roles: ['community-manager'] },
    bea: { name: 'Bea Board', roles: ['board-member'] },
    ben: { name: 'Ben Board', roles: ['board-member'] },
  },
})

async function setLinks(links: { websiteUrl: string | null; slackInviteUrl: string | null; codeOfConductUrl: string | null }) {
  await t.database.dataSource.query(`UPDATE "settings" SET "website_url" = $1, "slack_invite_url" = $2, "code_of_conduct_url" = $3`, [
    links.websiteUrl,
    links.slackInviteUrl,
    links.codeOfConductUrl,
  ])
  t.services.settings.changed()
}

async function email(template: string, recipient: string) {
  const row = await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ template, recipient })
  return asSent({ subject: row.subject, html: row.html, text_body: row.textBody, link_tokens: row.linkTokens })
}

const people = () => ({ manager: t.staff.manager, reviewers: [t.staff.bea, t.staff.ben] })

async function unsuccessfulEmail(address: string) {
  const application = await submitApplication(t, { fullName: 'Una Applicant', email: address })
  for (const reviewer of people().reviewers) await addBoardReview(t, application, reviewer)
  await decide(t, application.reference, t.staff.manager, { decision: 'reject', reason: 'closer-match', feedback: '' })
  return email('application-unsuccessful', address)
}

beforeEach(async () => {
  await truncateData(t.database.dataSource, { keep: ['staff_users'] })
})

describe('while the Slack and code of conduct links are not set', () => {
  beforeEach(() => setLinks({ websiteUrl: null, slackInviteUrl: null, codeOfConductUrl: null }))

  it('the unsuccessful email does not mention Slack or the website', async () => {
    const sent = await unsuccessfulEmail('una@example.org')
    assert.match(sent.text_body, /come to our events, share what you are working on, and look out for future roles\./)
    for (const part of [sent.html, sent.text_body]) {
      assert.doesNotMatch(part, /Slack/)
      assert.doesNotMatch(part, /website/)
    }
  })

  it('the welcome email and the checklist list the items without links', async () => {
    const executive = await newExecutive(t, people(), { fullName: 'Eve Executive', email: 'eve@example.org' })
    const sent = await email('executive-welcome', executive.email)
    assert.match(sent.text_body, /^- Join the community’s Slack workspace$/m)
    assert.match(sent.text_body, /^- Read the code of conduct$/m)
    assert.match(sent.html, /<li style="[^"]*">Join the community’s Slack workspace<\/li>/)
    assert.doesNotMatch(sent.html, /slack\.com/)

    const agent = request.agent(t.app)
    await signInExecutive(t, agent, executive.email)
    const page = await agent.get('/my-onboarding').expect(200)
    assert.match(page.text, /Join the community’s Slack workspace/)
    assert.doesNotMatch(page.text, /<a [^>]*>(Join the community’s Slack workspace|Read the code of conduct)<\/a>/)
  })
})

describe('once the links are set', () => {
  beforeEach(() => setLinks({ websiteUrl: WEBSITE, slackInviteUrl: SLACK, codeOfConductUrl: CONDUCT }))

  it('the unsuccessful email invites the applicant to Slack and to the website, with the links', async () => {
    const sent = await unsuccessfulEmail('una@example.org')
    assert.match(sent.html, new RegExp(`join the conversation on <a href="${SLACK}"[^>]*>our Slack workspace</a>, share what you are working on`))
    assert.match(sent.html, new RegExp(`<a href="${WEBSITE}"[^>]*>the community’s website</a>`))
    assert.match(sent.text_body, new RegExp(`join the conversation on our Slack workspace \\(${SLACK}\\), share what you are working on`))
    assert.match(sent.text_body, new RegExp(`You can find our events and news on the community’s website: ${WEBSITE}`))
    // The footer of every email links to the website too.
    assert.match(sent.html, new RegExp(`Find out more about the community on <a href="${WEBSITE}"[^>]*>its website</a>`))
    assert.match(sent.text_body, new RegExp(`The community’s website: ${WEBSITE}\\n$`))
  })

  it('the welcome email and the checklist link the Slack and code of conduct items', async () => {
    const executive = await newExecutive(t, people(), { fullName: 'Eve Executive', email: 'eve@example.org' })
    const sent = await email('executive-welcome', executive.email)
    assert.match(sent.html, new RegExp(`<a href="${SLACK}"[^>]*>Join the community’s Slack workspace</a>`))
    assert.match(sent.html, new RegExp(`<a href="${CONDUCT}"[^>]*>Read the code of conduct</a>`))
    assert.match(sent.text_body, new RegExp(`^- Join the community’s Slack workspace: ${SLACK}$`, 'm'))
    assert.match(sent.text_body, new RegExp(`^- Read the code of conduct: ${CONDUCT}$`, 'm'))
    // Items with no link of their own stay as they were.
    assert.match(sent.text_body, /^- Add a profile to the team page$/m)

    const agent = request.agent(t.app)
    await signInExecutive(t, agent, executive.email)
    const page = await agent.get('/my-onboarding').expect(200)
    assert.match(page.text, new RegExp(`<a href="${SLACK}">Join the community’s Slack workspace</a>`))
    assert.match(page.text, new RegExp(`<a href="${CONDUCT}">Read the code of conduct</a>`))
    assert.match(page.text, new RegExp(`href="${WEBSITE}">The community’s website</a>`), 'the footer links to the website')
  })
})

describe('the new application email', () => {
  it('links to the account page where a board member chooses a daily email instead', async () => {
    await submitApplication(t, { fullName: 'Nia New', email: 'nia@example.org' })
    const sent = await email('new-application', t.staff.bea.email)
    assert.doesNotMatch(sent.text_body, /account settings/)
    assert.match(sent.text_body, /You can choose to get one email a day instead, on your account page: http:\/\/localhost:3000\/account/)
    assert.match(sent.html, /<a href="http:\/\/localhost:3000\/account"[^>]*>your account page<\/a>/)
    // /account is where that choice is made.
    assert.match((await request(t.app).get('/account')).headers.location ?? '', /\/sign-in/)
  })
})
