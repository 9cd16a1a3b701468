/**
 * Renders each EJS partial in views/components/ with the contexts from nhsuk-frontend's own
 * fixtures.json and compares the result with the fixture's HTML, so our markup stays NHS-correct
 * when nhsuk-frontend is upgraded. A few tests at the end cover what the fixtures cannot: escaping,
 * the way pages call the partials, and our additions.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, it } from 'node:test'
import ejs from 'ejs'
import * as paths from '../../src/paths.ts'
import { viewHelpers } from '../../src/views/helpers.ts'

const viewsDir = `${paths.viewsDir}/`
const require = createRequire(import.meta.url)

interface Fixture {
  name: string
  context: Record<string, unknown>
  html: string
  /** Markup passed to a Nunjucks `{% call %}` block. */
  callBlock?: string
}

interface ComponentCase {
  /** views/components/<partial>.ejs */
  partial: string
  /** node_modules/nhsuk-frontend/dist/nhsuk/components/<fixtures>/fixtures.json */
  fixtures: string
  /** Fixture name -> why we do not support it. A name covers every fixture with that name. */
  skip?: Record<string, string>
  /** EJS has no `{% call %}` blocks: the option that takes that markup instead (default `html`). */
  callBlock?: (markup: string) => Record<string, unknown>
}

// Every fixture of these components is compared: none is skipped today. If an nhsuk-frontend
// upgrade adds a fixture for a feature we choose not to support, give it a `skip` entry with the
// reason, e.g. skip: { 'with translations': 'this service is in English only' }.
const components: ComponentCase[] = [
  { partial: 'hint', fixtures: 'hint' },
  { partial: 'error-message', fixtures: 'error-message' },
  { partial: 'label', fixtures: 'label' },
  { partial: 'fieldset', fixtures: 'fieldset' },
  { partial: 'input', fixtures: 'input' },
  { partial: 'textarea', fixtures: 'textarea' },
  { partial: 'select', fixtures: 'select' },
  { partial: 'character-count', fixtures: 'character-count' },
  { partial: 'radios', fixtures: 'radios' },
  { partial: 'checkboxes', fixtures: 'checkboxes' },
  { partial: 'error-summary', fixtures: 'error-summary', callBlock: (html) => ({ description: { html } }) },
  { partial: 'button', fixtures: 'button' },
  { partial: 'back-link', fixtures: 'back-link' },
  { partial: 'card', fixtures: 'card', callBlock: (html) => ({ description: { html } }) },
  { partial: 'summary-list', fixtures: 'summary-list' },
  { partial: 'panel', fixtures: 'panel' },
  { partial: 'tag', fixtures: 'tag' },
  { partial: 'inset-text', fixtures: 'inset-text' },
  { partial: 'warning-callout', fixtures: 'warning-callout' },
  { partial: 'details', fixtures: 'details' },
  { partial: 'skip-link', fixtures: 'skip-link' },
  { partial: 'notification-banner', fixtures: 'notification-banner' },
  { partial: 'pagination', fixtures: 'pagination' },
  { partial: 'table', fixtures: 'tables' },
  { partial: 'header', fixtures: 'header' },
  { partial: 'footer', fixtures: 'footer', callBlock: (html) => ({ meta: { html } }) },
]

/**
 * Normalises markup so that only formatting differs: whitespace runs collapse to one space,
 * whitespace between two tags goes, `&#34;` (EJS) and `&quot;` (Nunjucks) are the same entity,
 * and attributes are re-quoted the same way. Attribute order and values, element order, classes
 * and text (including whether a space sits next to a tag inside text) are all still compared.
 * The result has one tag per line, so that a failure's diff points at the element that differs.
 */
function normalise(html: string): string {
  return html
    .replace(/\s+/g, ' ')
    .replace(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g,
      (_tag, name: string, attributes: string) => `<${name}${canonicalAttributes(attributes)}>`)
    .replace(/&#34;/g, '&quot;')
    .replace(/>\s+</g, '><')
    .trim()
    .replace(/></g, '>\n<')
}

function canonicalAttributes(attributes: string): string {
  const pattern = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g
  let out = ''
  for (const match of attributes.matchAll(pattern)) {
    const [, name, doubleQuoted, singleQuoted, unquoted] = match
    const value = doubleQuoted ?? singleQuoted ?? unquoted
    out += value === undefined ? ` ${name}` : ` ${name}="${value.replace(/"/g, '&quot;')}"`
  }
  return out
}

/** The first element's name and first class, e.g. `div.nhsuk-hint`, from normalised markup. */
function outerElement(html: string): string {
  const [, name = '', classes = ''] = /^<([\w-]+)(?:[^>]*? class="([^"]*)")?/.exec(html) ?? []
  return `${name}.${classes.split(' ')[0]}`
}

function loadFixtures(component: string): Fixture[] {
  const file = require.resolve(`nhsuk-frontend/dist/nhsuk/components/${component}/fixtures.json`)
  return (JSON.parse(readFileSync(file, 'utf8')) as { fixtures: Fixture[] }).fixtures
}

// A page's own locals are inherited by the partials it includes; rendering every fixture with
// locals like these proves the partials read nothing but `params` and the view helpers that
// app.locals gives every page.
const pageLocals = {
  ...viewHelpers,
  errors: { email: 'LEAKED' },
  values: { email: 'LEAKED' },
  label: 'LEAKED',
  hint: 'LEAKED',
  text: 'LEAKED',
  html: 'LEAKED',
  id: 'LEAKED',
  items: ['LEAKED'],
}

const asHtml = (html: string) => ({ html })

for (const { partial, fixtures: fixturesName, skip = {}, callBlock = asHtml } of components) {
  describe(`components/${partial}`, () => {
    const fixtures = loadFixtures(fixturesName)
    const file = path.join(viewsDir, 'components', `${partial}.ejs`)

    it('has fixtures, and skips only fixtures that exist', () => {
      assert.ok(fixtures.length > 0)
      const names = new Set(fixtures.map((fixture) => fixture.name))
      assert.deepEqual(Object.keys(skip).filter((name) => !names.has(name)), [])
    })

    fixtures.forEach((fixture, index) => {
      const reason = skip[fixture.name]
      it(`#${index} ${fixture.name}`, { skip: reason }, async () => {
        const params = fixture.callBlock === undefined
          ? fixture.context
          : { ...fixture.context, ...callBlock(fixture.callBlock) }
        const html = await ejs.renderFile(file, { ...pageLocals, params }, { root: viewsDir, views: [viewsDir] })
        assert.equal(normalise(html), normalise(fixture.html))
      })
    })
  })
}

describe('components beyond the fixtures', () => {
  const render = (partial: string, params?: Record<string, unknown>) =>
    ejs.renderFile(path.join(viewsDir, 'components', `${partial}.ejs`), { ...viewHelpers, params }, { root: viewsDir, views: [viewsDir] })

  it('are included from a page the way README.md shows', () => {
    const page = `<%- include('/components/input', { params: {
      id: 'email', name: 'email', type: 'email', autocomplete: 'email', spellcheck: false,
      label: { text: 'Email address', isPageHeading: true, size: 'l' },
      hint: { text: 'We will only use this to contact you' },
      errorMessage: errors.email ? { text: errors.email } : null,
      value: values.email,
    } }) %>`
    const html = ejs.render(page, { ...viewHelpers, errors: { email: 'Enter an email address' }, values: { email: 'a@b' } }, {
      filename: path.join(viewsDir, 'pages', 'example.ejs'),
      root: viewsDir,
      views: [viewsDir],
    })
    assert.match(html, /<div class="nhsuk-form-group nhsuk-form-group--error">/)
    assert.match(html, /<h1 class="nhsuk-label-wrapper">\s*<label class="nhsuk-label nhsuk-label--l" for="email">/)
    assert.match(html, /<span class="nhsuk-u-visually-hidden">Error: <\/span>Enter an email address/)
    assert.match(html, /<input class="nhsuk-input nhsuk-input--error" id="email" name="email" type="email" spellcheck="false" value="a@b" aria-describedby="email-hint email-error" autocomplete="email">/)
  })

  it('escape text and attribute values', async () => {
    const html = await render('input', {
      name: 'q',
      value: '"><script>alert(1)</script>',
      label: { text: '<b>Search</b>' },
      attributes: { 'data-note': '"><i>' },
    })
    assert.doesNotMatch(html, /<script>|<b>|<i>/)
    assert.match(html, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/)
    assert.match(html, /&lt;b&gt;Search&lt;\/b&gt;/)
  })

  for (const { partial, fixtures: fixturesName } of components) {
    it(`render ${partial} without params as the outer element of its fixtures`, async () => {
      const html = normalise(await render(partial))
      if (partial === 'label') {
        // As nhsuk-frontend's label, which prints nothing without text.
        assert.equal(html, '')
        return
      }
      const outerElements = new Set(loadFixtures(fixturesName).map((fixture) => outerElement(normalise(fixture.html))))
      assert.ok(outerElements.has(outerElement(html)), `${outerElement(html)} is not one of ${[...outerElements].join(', ')}`)
    })
  }

  it('check a checkbox from one string value, as a form body gives it', async () => {
    const html = await render('checkboxes', {
      name: 'roles',
      values: 'mentor',
      items: [{ value: 'mentor', text: 'Mentor' }, { value: 'speaker', text: 'Speaker' }],
    })
    assert.match(html, /value="mentor" checked>/)
    assert.match(html, /value="speaker">/)
  })

  it('put the CSRF token in a header account form', async () => {
    const html = await render('header', {
      account: { items: [{ action: '/sign-out', text: 'Sign out', csrfToken: 'a"b' }] },
    })
    assert.match(html, /<form class="nhsuk-header__account-form" action="\/sign-out" method="post" novalidate>\s*<input type="hidden" name="_csrf" value="a&#34;b">/)
  })

  it('refuse a button icon they do not have', async () => {
    await assert.rejects(render('button', { text: 'Go', icon: 'rocket' }), /no icon called "rocket"/)
  })
})
