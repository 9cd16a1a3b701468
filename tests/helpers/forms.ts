import type { Agent, Response } from 'supertest'

/** The CSRF token from the first form on a page, as a browser would send it. */
export function csrfTokenFrom(response: Response): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(response.text)
  if (!match?.[1]) throw new Error(`No CSRF token on the page (status ${response.status})`)
  return match[1]
}

/**
 * Sends a form as a browser would: loads the page it is on (`from`, by default `path` itself) for
 * its CSRF token, then posts the fields to `path`. The page must answer 200: a signed-in page's
 * header has a CSRF token even on a 404.
 */
export async function submitForm(agent: Agent, path: string, fields: Record<string, unknown> = {}, { from = path }: { from?: string } = {}): Promise<Response> {
  const page = await agent.get(from).expect(200)
  return agent.post(path).type('form').send({ ...fields, _csrf: csrfTokenFrom(page) })
}
