import type { Agent, Response } from 'supertest'

/** The CSRF token from the first form on a page, as a browser would send it. */
export function csrfTokenFrom(response: Response): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(response.text)
  if (!match?.[1]) throw new Error(`No CSRF token on the page (status ${response.status})`)
  return match[1]
}

/**
 * Sends a form as a browser would: loads the page (which must answer 200: a signed-in page's
 * header has a CSRF token even on a 404) for its CSRF token, then posts the fields to it.
 */
export async function submitForm(agent: Agent, path: string, fields: Record<string, unknown> = {}): Promise<Response> {
  const page = await agent.get(path).expect(200)
  return agent.post(path).type('form').send({ ...fields, _csrf: csrfTokenFrom(page) })
}
