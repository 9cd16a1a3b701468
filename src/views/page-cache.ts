import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Express, Request, RequestHandler, Response } from 'express'
import { TtlCache } from '../services/ttl-cache.ts'

/**
 * Rendered public pages, kept for a few seconds and shared by every visitor who is not signed
 * in. Each page is rendered with a placeholder where the CSP nonce goes, and each response gets
 * its own nonce swapped in, so caching never weakens the CSP. A lifetime of 0 turns it off.
 */
/** A rendered page as bytes, split where the nonce goes: each response reuses the same buffers. */
interface CachedPage {
  parts: Buffer[]
  length: number
}

function cachedPage(html: string, placeholder: string): CachedPage {
  const parts = html.split(placeholder).map((part) => Buffer.from(part, 'utf8'))
  return { parts, length: parts.reduce((sum, part) => sum + part.length, 0) }
}

export class PageCache {
  private readonly placeholder = `nonce-placeholder-${randomBytes(12).toString('hex')}`
  private readonly pages = new Map<string, TtlCache<CachedPage>>()
  /** The page last cached for each path, for answerBeforeExpress(). */
  private readonly byPath = new Map<string, TtlCache<CachedPage>>()

  constructor(private readonly seconds: number) {}

  async render(res: Response, view: string, locals: Record<string, unknown> = {}): Promise<void> {
    const cacheable = this.seconds > 0 && !res.locals.staffUser && !res.locals.flash
    if (!cacheable) return void res.render(view, locals)
    const key = `${view} ${res.locals.currentPath as string}`
    let page = this.pages.get(key)
    if (!page) {
      page = new TtlCache<CachedPage>(this.seconds)
      this.pages.set(key, page)
    }
    this.byPath.set(res.locals.currentPath as string, page)
    const cached = await page.get(
      () =>
        new Promise<CachedPage>((resolve, reject) => {
          res.render(view, { ...locals, cspNonce: this.placeholder }, (error: Error | null, rendered?: string) =>
            error ? reject(error) : resolve(cachedPage(rendered ?? '', this.placeholder)),
          )
        }),
    )
    this.send(res, cached)
  }

  /**
   * The page with this response's nonce (`locals.cspNonce`), written from the kept buffers (no
   * copy of the page per response). Node's own response is enough: one answered before Express has no more.
   */
  private send(res: ServerResponse & { locals: Record<string, unknown> }, page: CachedPage): void {
    const nonce = Buffer.from(res.locals.cspNonce as string, 'utf8')
    res.setHeader('Content-Type', 'text/html; charset=utf-8')
    res.setHeader('Content-Length', page.length + nonce.length * (page.parts.length - 1))
    if (res.req.method === 'HEAD') return void res.end()
    res.cork()
    page.parts.forEach((part, index) => {
      if (index > 0) res.write(nonce)
      res.write(part)
    })
    res.end()
    res.uncork()
  }

  /**
   * Makes `app` answer a GET or HEAD from the cache before Express itself takes the request, when
   * `anonymous(req)` says the request could only have been given the cached page anyway: no
   * session, so nobody signed in and no one-off message. The page must already be cached,
   * rendered by its route for this path; otherwise, or once it has expired, the request goes to
   * Express as any other. `first` are the middleware every response goes through before anything
   * else (the request log and id, the security headers and nonce), run here in the same order, so
   * that a cached page's headers and log line are those of a rendered one.
   *
   * Why before Express: its dispatch (each request and response given Express's prototypes, then
   * the router's walk) was most of what a cached page cost. In the bench a page took 0.2 ms of
   * the app's CPU through Express and 0.08 ms here, against Express hello-world's 0.09 ms.
   * `app.handle` is Express's own dispatch (the function `app(req, res)` calls): wrapping it keeps
   * `app.listen`, supertest and mounting as they are. Were a later Express to dispatch some other
   * way, the pages would still come from the cache, through the route (render), only slower.
   */
  answerBeforeExpress(app: Express, anonymous: (req: IncomingMessage) => boolean, first: RequestHandler[]): void {
    // What reaches Express's dispatch is Node's request and response: Express gives them its prototypes.
    type Dispatch = (req: IncomingMessage, res: ServerResponse & { locals?: Record<string, unknown> }, callback?: unknown) => void
    const express = app as unknown as { handle: Dispatch }
    const dispatch = express.handle.bind(app)
    express.handle = (req, res, callback) => {
      // Only a request the server hands over (a mounted app is given a callback).
      const page = callback === undefined ? this.cachedFor(req, anonymous) : undefined
      if (!page) return dispatch(req, res, callback)
      try {
        const response = Object.assign(res, { locals: Object.create(null) as Record<string, unknown> })
        // Each of `first` must carry on before it returns, as they do: one that did not would
        // have its work unfinished when the page is written. (They read and write only what
        // Node's request and response have, and locals.)
        for (const middleware of first) {
          let carriedOn = false
          middleware(req as Request, response as unknown as Response, () => (carriedOn = true))
          if (!carriedOn) throw new Error('A middleware run before a cached page did not carry on at once')
        }
        this.send(response, page)
      } catch (error) {
        // Not expected; should it happen, Express answers (and reports) as for any request, or
        // the connection ends if the page had begun. An error thrown here would stop the process.
        if (!res.headersSent) return dispatch(req, res, callback)
        res.destroy(error instanceof Error ? error : undefined)
      }
    }
  }

  /** The fresh cached page for this request's path, as it came (Express has not parsed it), when `anonymous(req)`. */
  private cachedFor(req: IncomingMessage, anonymous: (req: IncomingMessage) => boolean): CachedPage | undefined {
    if (this.seconds <= 0 || (req.method !== 'GET' && req.method !== 'HEAD')) return undefined
    const url = req.url ?? ''
    // An absolute-form target (GET http://host/path) goes to Express, which reads it.
    if (!url.startsWith('/')) return undefined
    const query = url.indexOf('?')
    const cached = this.byPath.get(query < 0 ? url : url.slice(0, query))?.fresh()
    return cached && anonymous(req) ? cached.value : undefined
  }

  clear(): void {
    this.pages.clear()
    this.byPath.clear()
  }
}
