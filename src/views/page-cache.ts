import { randomBytes } from 'node:crypto'
import type { Request, RequestHandler, Response } from 'express'
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
  /** The page last cached for each path, for serveCached(). */
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

  /** The page with this response's nonce, written from the kept buffers (no copy of the page per response). */
  private send(res: Response, page: CachedPage): void {
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
   * Answers a GET or HEAD from the cache before the rest of the middleware runs (body parsing,
   * the session, the per-page locals, sign-in, CSRF), when `anonymous(req)` says the request
   * could only have been given the cached page anyway: no session, so nobody signed in and no
   * one-off message. The page must already be cached, rendered by its route for this path;
   * otherwise, or once it has expired, the request goes on to the route. The response headers
   * set before this (the security headers, the nonce, the request id) are the same either way.
   */
  serveCached(anonymous: (req: Request) => boolean): RequestHandler {
    return (req, res, next) => {
      if (this.seconds <= 0 || (req.method !== 'GET' && req.method !== 'HEAD')) return next()
      const cached = this.byPath.get(req.path)?.fresh()
      if (!cached || !anonymous(req)) return next()
      this.send(res, cached.value)
    }
  }

  clear(): void {
    this.pages.clear()
    this.byPath.clear()
  }
}
