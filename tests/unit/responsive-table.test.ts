/**
 * The queue's table is printed by src/views/responsive-table.ts instead of the table partial (a
 * cost per cell): here both print the same tables, character for character, so the markup stays
 * the NHS.UK table that tests/unit/components.test.ts checks against nhsuk-frontend.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import ejs from 'ejs'
import * as paths from '../../src/paths.ts'
import { viewHelpers } from '../../src/views/helpers.ts'
import { responsiveTableHtml, tagHtml, type ResponsiveTable } from '../../src/views/responsive-table.ts'

const viewsDir = `${paths.viewsDir}/`

/** As the app renders partials (src/app.ts). */
function partial(name: string, params: Record<string, unknown>): Promise<string> {
  return ejs.renderFile(`${viewsDir}components/${name}.ejs`, { ...viewHelpers, params }, { root: viewsDir, views: [viewsDir], rmWhitespace: true })
}

const table = (overrides: Partial<ResponsiveTable> = {}): ResponsiveTable => ({
  caption: { text: 'Applications', classes: 'nhsuk-u-visually-hidden' },
  head: [
    { text: 'Application' },
    { text: 'Sent', href: '/review?sort=newest&role=a"b', sort: 'ascending' },
    { text: 'Days waiting', format: 'numeric' },
    { text: 'Average score', href: '/review?sort=highest-score', sort: true },
    { text: 'Score <"quoted"> & \'more\'', href: '/review?sort=lowest-score', sort: 'descending' },
  ],
  rows: [
    [
      { html: '<a class="nhsuk-link" href="/review/applications/A-1">A-1</a><br><span class="nhsuk-body-s">Ann</span>' },
      { text: '1 May 2026' },
      { text: '3', format: 'numeric' },
      { text: 'Not waiting', format: 'numeric' },
      { text: 'O\'Brien & "Sons" <b>' },
    ],
    [{ html: '' }, { text: '' }, { text: '0' }, { html: '<strong>Needs your review</strong>' }, { text: 'No scores yet' }],
  ],
  ...overrides,
})

describe('the responsive table printed as a string', () => {
  it('prints what the table partial prints, sortable or not', async () => {
    const sortable = table()
    assert.equal(responsiveTableHtml(sortable), await partial('table', { ...sortable, responsive: true }))
    const plain = table({ head: sortable.head.map(({ text, format }) => ({ text, ...(format ? { format } : {}) })), caption: { text: 'Plain & simple' } })
    assert.equal(responsiveTableHtml(plain), await partial('table', { ...plain, responsive: true }))
    const empty = table({ rows: [] })
    assert.equal(responsiveTableHtml(empty), await partial('table', { ...empty, responsive: true }))
  })

  it('prints a tag as the tag partial does', async () => {
    assert.equal(tagHtml('Being reviewed', 'blue'), await partial('tag', { text: 'Being reviewed', colour: 'blue' }))
    assert.equal(tagHtml('Q&A "round" <2>', 'aqua-green'), await partial('tag', { text: 'Q&A "round" <2>', colour: 'aqua-green' }))
  })
})
