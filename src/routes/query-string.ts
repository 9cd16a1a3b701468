import type { Request } from 'express'

/**
 * Reading list pages' query strings (the queue, the audit log, the email log) and linking to
 * their other pages. Anything unknown in a query string is ignored, never an error.
 */

/** A query value as a single string; repeated or nested parameters count as absent. */
export function single(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

/** `?page=` as a page number from 1; anything else is page 1 (a page past the end is the query's to clamp). */
export function pageFrom(query: Request['query']): number {
  const page = single(query.page)
  return page !== null && /^\d{1,9}$/.test(page) ? Math.max(1, Number(page)) : 1
}

/** `base` with the parameters that are set, and the page when it is not the first. */
export function hrefWith(base: string, params: Record<string, string | null>, page = 1): string {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value)
  if (page > 1) query.set('page', String(page))
  const text = query.toString()
  return text ? `${base}?${text}` : base
}

/** What a page of a list is, as a query returns it. */
export interface ListPage {
  total: number
  page: number
  pageCount: number
  pageSize: number
  rows: readonly unknown[]
}

/**
 * The locals a paged list's view needs: its title with "(page 2 of 5)" when there are several,
 * which rows are shown ("Showing 21 to 40 of 93"), and links to the pages either side.
 */
export function pagingLocals(list: ListPage, title: string, hrefFor: (page: number) => string) {
  const firstShown = list.total === 0 ? 0 : (list.page - 1) * list.pageSize + 1
  return {
    title: list.pageCount > 1 ? `${title} (page ${list.page} of ${list.pageCount})` : title,
    firstShown,
    lastShown: firstShown === 0 ? 0 : firstShown + list.rows.length - 1,
    previousHref: list.page > 1 ? hrefFor(list.page - 1) : null,
    nextHref: list.page < list.pageCount ? hrefFor(list.page + 1) : null,
  }
}
