import { randomBytes } from 'node:crypto'
import type { Response } from 'express'
import { TtlCache } from '../services/ttl-cache.ts'

/**
 * Rendered public pages, kept for a few seconds and shared by every visitor who is not signed
 * in. Each page is rendered with a placeholder where the CSP nonce goes, and each response gets
 * its own nonce swapped in, so caching never weakens the CSP. A lifetime of 0 turns it off.
 */
export class PageCache {
  private readonly placeholder = `nonce-placeholder-${randomBytes(12).toString('hex')}`
  private readonly pages = new Map<string, TtlCache<string>>()

  constructor(private readonly seconds: number) {}

  async render(res: Response, view: string, locals: Record<string, unknown> = {}): Promise<void> {
    const cacheable = this.seconds > 0 && !res.locals.staffUser && !res.locals.flash
    if (!cacheable) return void res.render(view, locals)
    const key = `${view} ${res.locals.currentPath as string}`
    let page = this.pages.get(key)
    if (!page) {
      page = new TtlCache<string>(this.seconds)
      this.pages.set(key, page)
    }
    const html = await page.get(
      () =>
        new Promise<string>((resolve, reject) => {
          res.render(view, { ...locals, cspNonce: this.placeholder }, (error: Error | null, rendered?: string) =>
            error ? reject(error) : resolve(rendered ?? ''),
          )
        }),
    )
    res.type('html').send(html.replaceAll(this.placeholder, res.locals.cspNonce as string))
  }

  clear(): void {
    this.pages.clear()
  }
}
