import { Router, type Request } from 'express'
import { sendEmailAgain } from '../../../actions/admin/emails/send-email-again.ts'
import { sendTestEmail } from '../../../actions/admin/emails/send-test-email.ts'
import type { EmailStatus } from '../../../entities/email-message.entity.ts'
import { requireStaff } from '../../../middleware/setUpAuthentication.ts'
import { renderEmailPreview } from '../../../mail/previews.ts'
import { emailContext, emailTemplateNames, type EmailContext } from '../../../mail/templates.ts'
import { emailDetails, emailLogPage, EMAIL_STATUSES } from '../../../queries/email-log.ts'
import type { Services } from '../../../services/index.ts'
import { hrefWith, pageFrom, pagingLocals, single } from '../../query-string.ts'
import { staffActor } from '../staff-actor.ts'

const BASE = '/admin/emails'

export const EMAIL_STATUS_LABELS: Record<EmailStatus, string> = { queued: 'Queued', sending: 'Sending', sent: 'Sent', failed: 'Failed' }
export const EMAIL_STATUS_COLOURS: Record<EmailStatus, string> = { queued: 'grey', sending: 'blue', sent: 'green', failed: 'red' }

/** The log's filter from the query string; anything unknown is ignored, never an error. */
function parseQuery(query: Request['query']): { status: EmailStatus | null; page: number } {
  const status = single(query.status)
  return {
    status: (EMAIL_STATUSES as readonly string[]).includes(status ?? '') ? (status as EmailStatus) : null,
    page: pageFrom(query),
  }
}

function logHref(status: EmailStatus | null, page = 1): string {
  return hrefWith(BASE, { status }, page)
}

/**
 * The email log for admins: every email the service queued, newest first, with delivery status;
 * one email's details; "Send again" for a failed one; a test email to check delivery; a preview
 * of every email template with sample data.
 */
export default function adminEmailRoutes(services: Services): Router {
  const router = Router()
  router.use(requireStaff('admin'))

  router.get('/', async (req, res) => {
    const { status, page } = parseQuery(req.query)
    const log = await services.read(emailLogPage, { status, page })
    res.render('pages/admin/emails/index', {
      ...pagingLocals(log, 'Email log', (other) => logHref(status, other)),
      log,
      status,
      statusLabels: EMAIL_STATUS_LABELS,
      statusColours: EMAIL_STATUS_COLOURS,
      filters: [
        { label: 'All emails', count: Object.values(log.countsByStatus).reduce((sum, count) => sum + count, 0), href: logHref(null), current: status === null },
        ...EMAIL_STATUSES.map((each) => ({ label: EMAIL_STATUS_LABELS[each], count: log.countsByStatus[each], href: logHref(each), current: status === each })),
      ],
      failedHref: logHref('failed'),
      backLink: { href: '/staff', text: 'Back to staff home' },
    })
  })

  router.post('/test', async (req, res) => {
    await services.act(sendTestEmail, { email: req.user!.email, name: req.user!.name }, staffActor(req))
    req.session.flash = `A test email has been queued to ${req.user!.email}. It appears in this log, and should arrive in a minute or two.`
    res.redirect(303, BASE)
  })

  /** What every email gets from settings and config, as the outbox gives it. */
  async function previewContext(): Promise<EmailContext> {
    return emailContext(await services.settings.get(), services.config.baseUrl)
  }

  // Before /:id, which would otherwise take "templates" as an email's id.
  router.get('/templates', async (_req, res) => {
    const context = await previewContext()
    const templates = []
    for (const name of emailTemplateNames()) templates.push({ name, subject: (await renderEmailPreview(name, context))?.subject ?? '' })
    res.render('pages/admin/emails/templates', { title: 'Email templates', templates, backLink: { href: BASE, text: 'Back to the email log' } })
  })

  router.get('/templates/:name', async (req, res, next) => {
    const name = req.params.name
    const email = emailTemplateNames().includes(name) ? await renderEmailPreview(name, await previewContext()) : null
    if (!email) return next()
    res.render('pages/admin/emails/template', { title: `Email template: ${name}`, name, email, backLink: { href: `${BASE}/templates`, text: 'Back to email templates' } })
  })

  router.get('/:id', async (req, res, next) => {
    const email = await services.read(emailDetails, { id: req.params.id })
    if (!email) return next()
    res.render('pages/admin/emails/show', {
      title: 'Email details',
      email,
      statusLabel: EMAIL_STATUS_LABELS[email.status],
      statusColour: EMAIL_STATUS_COLOURS[email.status],
      backLink: { href: BASE, text: 'Back to the email log' },
    })
  })

  router.post('/:id/send-again', async (req, res, next) => {
    const email = await services.read(emailDetails, { id: req.params.id })
    if (!email) return next()
    const queued = await services.act(sendEmailAgain, { id: email.id }, staffActor(req))
    req.session.flash = queued ? 'The email has been queued to send again' : 'This email has not failed, so it was not sent again'
    res.redirect(303, `${BASE}/${email.id}`)
  })

  return router
}
