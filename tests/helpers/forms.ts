import type { Response } from 'supertest'

/** The CSRF token from the first form on a page, as a browser would send it. */
export function csrfTokenFrom(response: Response): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(response.text)
  if (!match?.[1]) throw new Error(`No CSRF token on the page (status ${response.status})`)
  return match[1]
}
