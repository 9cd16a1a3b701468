import assert from 'node:assert/strict'
import fs from 'node:fs'
import { describe, it } from 'node:test'
import { emailTemplateNames, emailViewsDir, renderEmail, UnknownEmailTemplateError } from '../../src/mail/templates.ts'
import { testEmailContext } from '../helpers/email-context.ts'

const context = testEmailContext()

describe('renderEmail', () => {
  it('renders the subject, an HTML part in the layout and a text part', async () => {
    const email = await renderEmail('staff-test', { requestedBy: 'Ada Admin' }, context)
    assert.equal(email.subject, 'Test email from the NHS Python Community')

    assert.match(email.html, /^<!DOCTYPE html>/)
    assert.match(email.html, /<html lang="en-GB">/)
    assert.match(email.html, /<title>Test email from the NHS Python Community<\/title>/)
    assert.match(email.html, /background-color: #005eb8;[^>]*>\s*<a href="https:\/\/roles\.example\.org"[^>]*>NHS Python Community<\/a>/)
    assert.match(email.html, /This is a test email from the NHS Python Community\./)
    assert.match(email.html, /at the request of Ada Admin\./)
    assert.match(email.html, /<a href="mailto:hello@example\.org"/)

    assert.match(email.text, /^NHS Python Community\n\nTest email\n\nThis is a test email from the NHS Python Community\./)
    assert.match(email.text, /at the request of Ada Admin\./)
    assert.match(email.text, /contact hello@example\.org\.\n$/)
    assert.doesNotMatch(email.text, /<[a-z/]/i)
    assert.doesNotMatch(email.text, /\n{3}/)
  })

  it('leaves out what the data does not give', async () => {
    const email = await renderEmail('staff-test', {}, context)
    assert.doesNotMatch(email.html, /at the request of/)
    assert.doesNotMatch(email.text, /at the request of/)
  })

  it('escapes data in the HTML part, and keeps it as typed in the text part and subject', async () => {
    const email = await renderEmail(
      'staff-test',
      { requestedBy: '<script>alert("x")</script> & co' },
      { ...context, communityName: 'Pythons & <b>Friends</b>' },
    )
    assert.ok(!email.html.includes('<script>'), 'no script element in the HTML')
    assert.ok(!email.html.includes('<b>'))
    assert.match(email.html, /&lt;script&gt;alert\(&#34;x&#34;\)&lt;\/script&gt; &amp; co/)
    assert.match(email.html, /Pythons &amp; &lt;b&gt;Friends&lt;\/b&gt;/)

    assert.match(email.text, /at the request of <script>alert\("x"\)<\/script> & co\./)
    assert.equal(email.subject, 'Test email from the Pythons & <b>Friends</b>')
  })

  it('puts a subject on one line', async () => {
    const email = await renderEmail('staff-test', {}, { ...context, communityName: 'Line one\r\nBcc: someone@example.org' })
    assert.equal(email.subject, 'Test email from the Line one Bcc: someone@example.org')
  })

  it('loads no external resources in the HTML', async () => {
    const { html } = await renderEmail('staff-test', {}, context)
    assert.doesNotMatch(html, /<(script|link|img|style|iframe)\b/i)
    assert.doesNotMatch(html, /\bsrc=/i)
    assert.doesNotMatch(html, /url\(/i)
  })

  it('does not let data replace the layout locals', async () => {
    const { html } = await renderEmail('staff-test', { communityName: 'Spoofed', bodyFile: '/etc/passwd' }, context)
    assert.match(html, /NHS Python Community/)
    assert.doesNotMatch(html, /Spoofed|root:/)
  })

  it('refuses unknown templates and names that are not plain', async () => {
    await assert.rejects(renderEmail('no-such-email', {}, context), UnknownEmailTemplateError)
    await assert.rejects(renderEmail('../layouts/html', {}, context), UnknownEmailTemplateError)
    await assert.rejects(renderEmail('Staff-Test', {}, context), UnknownEmailTemplateError)
  })

  it('every email in views/emails has all three parts', () => {
    const parts = fs.readdirSync(emailViewsDir).filter((file) => file.endsWith('.ejs'))
    const names = emailTemplateNames()
    assert.ok(names.includes('staff-test'))
    for (const file of parts) {
      const name = file.replace(/\.(subject|html|text)\.ejs$/, '')
      assert.ok(names.includes(name), `${file} belongs to no complete email (needs .subject, .html and .text)`)
    }
  })
})
