// The NHS.UK responsive table (views/components/table.ejs) for long tables such as the board's
// queue, built as a string. The partial runs its cell logic for every cell through EJS (about
// 80 µs a cell under its `with`, a third of the queue page's time); this prints the same markup
// for the options below, and tests/unit/responsive-table.test.ts checks that it does.
import ejs from 'ejs'
import { escapeHtml } from './component-helpers.ts'

// Text and links as EJS's <%= %> escapes them (" as &#34;), attributes built by attrs() as it does.
const escapeText = (value: string) => ejs.escapeXML(value)

export interface TableHeader {
  text: string
  format?: 'numeric'
  /** Server-side sorting: the link that sorts by this column. */
  href?: string
  /** true: sortable but not sorted by; else the way it is sorted. */
  sort?: true | 'ascending' | 'descending'
}

/** A cell: text (escaped here) or HTML (already safe). */
export type TableCell = { text: string; format?: 'numeric' } | { html: string; format?: 'numeric' }

export interface ResponsiveTable {
  caption: { text: string; classes?: string }
  head: TableHeader[]
  rows: TableCell[][]
}

/** As the table partial prints `{ caption, responsive: true, head, rows }` (EJS with rmWhitespace). */
export function responsiveTableHtml({ caption, head, rows }: ResponsiveTable): string {
  const sortable = head.some((header) => header.sort)
  const out: string[] = [
    `\n<table class="nhsuk-table nhsuk-table--responsive${sortable ? ' nhsuk-table--sortable' : ''}" role="table">\n`,
    `<caption class="nhsuk-table__caption${caption.classes ? ` ${escapeHtml(caption.classes)}` : ''}">\n${escapeText(caption.text)}`,
    sortable ? '<span class="nhsuk-u-visually-hidden"> (Column headers are sortable)</span>' : '',
    '\n</caption>\n<thead class="nhsuk-table__head" role="rowgroup">\n<tr class="nhsuk-table__row" role="row">\n',
  ]
  const headings = head.map((header) => `<span class="nhsuk-table__heading" aria-hidden="true">${escapeText(header.text)} </span>`)
  for (const header of head) {
    const sort = header.sort === true ? ' data-sort' : header.sort ? ` data-sort aria-sort="${header.sort}"` : ''
    const text = escapeText(header.text)
    out.push(
      `<th class="nhsuk-table__header${header.format === 'numeric' ? ' nhsuk-table__header--numeric' : ''}" scope="col" role="columnheader"${sort}>\n`,
      header.href ? `<a class="nhsuk-link" href="${escapeText(header.href)}">${text}</a>` : text,
      '\n</th>\n',
    )
  }
  out.push('</tr>\n</thead>\n<tbody class="nhsuk-table__body">\n')
  for (const row of rows) {
    out.push('<tr class="nhsuk-table__row" role="row">\n')
    row.forEach((cell, index) => {
      const numeric = (cell.format ?? head[index]?.format) === 'numeric'
      const value = 'html' in cell ? (cell.html ? `<span>${cell.html}</span>` : '') : escapeText(cell.text)
      out.push(`<td class="nhsuk-table__cell${numeric ? ' nhsuk-table__cell--numeric' : ''}" role="cell">\n${headings[index] ?? ''}${value}\n</td>\n`)
    })
    out.push('</tr>\n')
  }
  out.push('</tbody>\n</table>\n')
  return out.join('')
}

/** As the tag partial prints `{ text, colour }`. */
export function tagHtml(text: string, colour: string): string {
  return `<strong class="nhsuk-tag nhsuk-tag--${escapeHtml(colour)}">\n${escapeText(text)}\n</strong>`
}
