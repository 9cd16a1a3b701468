import { Marked } from 'marked'
import sanitizeHtml from 'sanitize-html'

// Markdown written by staff (the board's summary notes), shown to the public as HTML. marked
// turns it into HTML, raw HTML included, so everything it makes goes through sanitize-html with
// an allowlist: text structure, links (http, https, mailto only), tables and code; no scripts,
// styles, event handlers, images or frames. Headings start at h2: the page's h1 is its title.

const markdown = new Marked({ gfm: true, breaks: false, async: false })

const SANITISE: sanitizeHtml.IOptions = {
  allowedTags: ['h2', 'h3', 'h4', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'strong', 'em', 'del', 'a', 'blockquote', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href'], th: ['scope'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, class: 'nhsuk-link' } }),
    table: (tagName, attribs) => ({ tagName, attribs: { ...attribs, class: 'nhsuk-table' } }),
  },
  // The classes added above survive; none typed by the author does.
  allowedClasses: { a: ['nhsuk-link'], table: ['nhsuk-table'] },
}

/** Staff-written Markdown as HTML that is safe to put in a page as it is. */
export function renderMarkdown(text: string): string {
  return sanitizeHtml(markdown.parse(text) as string, SANITISE)
}
