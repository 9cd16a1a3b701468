import fs from 'node:fs'
import path from 'node:path'
import ejs from 'ejs'
import { viewsDir } from '../paths.ts'
import { viewHelpers } from '../views/helpers.ts'
import { AppError } from '../domain/errors.ts'
import type { CommunityLinks } from '../domain/settings.ts'

export const emailViewsDir = path.join(viewsDir, 'emails')

/**
 * Locals every email gets, whatever its own data. The community's links are null while not set:
 * a template leaves out the sentence that needs one.
 */
export interface EmailContext extends CommunityLinks {
  communityName: string
  baseUrl: string
  contactEmail: string
}

/** The context from the settings (as SettingsService gives them) and the service's address. */
export function emailContext(settings: Pick<EmailContext, 'communityName' | 'contactEmail'> & CommunityLinks, baseUrl: string): EmailContext {
  const { communityName, contactEmail, websiteUrl, slackInviteUrl, codeOfConductUrl } = settings
  return { communityName, contactEmail, websiteUrl, slackInviteUrl, codeOfConductUrl, baseUrl }
}

export interface RenderedEmail {
  subject: string
  html: string
  text: string
}

export class UnknownEmailTemplateError extends AppError {}

const TEMPLATE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

// Plain text needs no escaping: "Tom & Jerry" must not arrive as "Tom &amp; Jerry". Templates
// still use <%= %> everywhere; only what <%= %> does differs between the HTML and text parts.
function escapeNothing(value: unknown): string {
  return value === undefined || value === null ? '' : String(value)
}

function templateFile(name: string, part: 'subject' | 'html' | 'text'): string {
  if (!TEMPLATE_NAME.test(name)) throw new UnknownEmailTemplateError(`Not an email template name: "${name}"`)
  const file = path.join(emailViewsDir, `${name}.${part}.ejs`)
  if (!fs.existsSync(file)) throw new UnknownEmailTemplateError(`Email template "${name}" has no ${path.basename(file)}`)
  return file
}

/** The names of every email with all three parts, for previews and tests. */
export function emailTemplateNames(): string[] {
  return fs
    .readdirSync(emailViewsDir)
    .filter((file) => file.endsWith('.subject.ejs'))
    .map((file) => file.slice(0, -'.subject.ejs'.length))
    .filter((name) => ['html', 'text'].every((part) => fs.existsSync(path.join(emailViewsDir, `${name}.${part}.ejs`))))
    .sort()
}

/**
 * Renders views/emails/<name>.subject.ejs, and <name>.html.ejs and <name>.text.ejs inside the
 * layouts in views/emails/layouts. `data` is the email's own data; the context wins over it.
 * Each file is compiled once per process (EJS caches by file name; each file is only ever
 * rendered with one set of options): compiling on every email took about 1 ms, and more for a
 * longer template, which let the time a sign-in link request took tell which email it sent.
 * Edits to an email template show after a restart.
 */
export async function renderEmail(name: string, data: Record<string, unknown>, context: EmailContext): Promise<RenderedEmail> {
  const subjectFile = templateFile(name, 'subject')
  const htmlFile = templateFile(name, 'html')
  const textFile = templateFile(name, 'text')
  const locals = { ...viewHelpers, ...data, ...emailContext(context, context.baseUrl) }

  const rawSubject = await ejs.renderFile(subjectFile, locals, { escape: escapeNothing, cache: true })
  // One line: a header cannot carry line breaks.
  const subject = rawSubject.replace(/\s+/g, ' ').trim()
  if (!subject) throw new Error(`Email template "${name}" rendered an empty subject`)

  const html = await ejs.renderFile(path.join(emailViewsDir, 'layouts', 'html.ejs'), { ...locals, subject, bodyFile: htmlFile }, { cache: true })
  const text = await ejs.renderFile(
    path.join(emailViewsDir, 'layouts', 'text.ejs'),
    { ...locals, subject, bodyFile: textFile },
    { escape: escapeNothing, cache: true },
  )
  return { subject, html, text: tidyText(text) }
}

/** Trailing spaces off, at most one blank line in a row, one final newline. */
function tidyText(text: string): string {
  return `${text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`
}
