import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request from 'supertest'
import { Role } from '../../src/entities/index.ts'
import { roleSeeds } from '../../seeds/roles.ts'
import { useTestApp } from '../helpers/app.ts'

const t = useTestApp()

function decode(html: string): string {
  return html
    .replace(/&#39;/g, "'")
    .replace(/&#34;/g, '"')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
}

describe('public pages', () => {
  for (const path of ['/', '/roles', '/privacy', '/accessibility', '/cookies']) {
    it(`${path} renders with the community's name and sets no cookie`, async () => {
      const response = await request(t.app).get(path).expect(200).expect('Content-Type', /html/)
      assert.match(response.text, /<title>[^<]+ - NHS Python Community<\/title>/)
      assert.match(response.text, /class="nhsuk-skip-link"/)
      assert.equal(response.headers['set-cookie'], undefined)
    })
  }

  it('/roles lists exactly the open roles', async () => {
    await t.database.dataSource.getRepository(Role).update({ slug: 'events-manager' }, { status: 'closed' })
    try {
      const response = await request(t.app).get('/roles').expect(200)
      const linked = [...response.text.matchAll(/href="\/roles\/([a-z-]+)"/g)].map((m) => m[1])
      assert.deepEqual(linked.sort(), ['community-manager', 'content-manager', 'web-developer'])
    } finally {
      await t.database.dataSource.getRepository(Role).update({ slug: 'events-manager' }, { status: 'open' })
    }
  })

  for (const seed of roleSeeds) {
    it(`/roles/${seed.slug} carries every responsibility, the criteria and the reading links`, async () => {
      const response = await request(t.app).get(`/roles/${seed.slug}`).expect(200)
      const text = decode(response.text)
      // A responsibility that names a website links to it: its words are the same without the link.
      const words = text.replace(/<a href="https:[^"]*">([^<]*)<\/a>/g, '$1')
      for (const responsibility of seed.responsibilities) assert.ok(words.includes(responsibility), responsibility)
      for (const criterion of seed.criteria) assert.ok(text.includes(criterion.text), criterion.text)
      for (const link of seed.readingLinks) assert.ok(text.includes(`href="${link.url}"`), link.url)
      assert.match(text, /About 2 hours a week/)
      assert.match(text, /apprentices and trainees are welcome/)
      assert.match(text, /enthusiasm matters more than experience/)
      const preference = text.includes('Ideally, this role would suit someone who is employed by the NHS.')
      assert.equal(preference, seed.nhsEmploymentPreferred)
      assert.match(text, new RegExp(`href="/apply\\?role=${seed.slug}"`))
    })
  }

  it('a closed role still explains itself but offers no apply button', async () => {
    await t.database.dataSource.getRepository(Role).update({ slug: 'web-developer' }, { status: 'closed' })
    try {
      const response = await request(t.app).get('/roles/web-developer').expect(200)
      assert.match(response.text, /Applications are closed/)
      assert.doesNotMatch(response.text, /Apply for this role/)
    } finally {
      await t.database.dataSource.getRepository(Role).update({ slug: 'web-developer' }, { status: 'open' })
    }
  })

  for (const status of ['draft', 'archived'] as const) {
    it(`a ${status} role is not found`, async () => {
      await t.database.dataSource.getRepository(Role).update({ slug: 'content-manager' }, { status })
      try {
        const response = await request(t.app).get('/roles/content-manager').expect(404)
        assert.match(response.text, /Page not found/)
      } finally {
        await t.database.dataSource.getRepository(Role).update({ slug: 'content-manager' }, { status: 'open' })
      }
    })
  }

  it('an unknown page is an NHS-style 404', async () => {
    const response = await request(t.app).get('/no-such-page').expect(404)
    assert.match(response.text, /<h1>Page not found<\/h1>/)
    assert.match(response.text, /<title>Page not found - NHS Python Community<\/title>/)
  })

  it('a malformed role slug is a 404, not an error', async () => {
    await request(t.app).get('/roles/%27%3Cscript%3E').expect(404)
  })
})

describe('headers', () => {
  it('sets strict security headers with a per-response CSP nonce', async () => {
    const first = await request(t.app).get('/').expect(200)
    const second = await request(t.app).get('/').expect(200)
    assert.equal(first.headers['x-powered-by'], undefined)
    assert.equal(first.headers['x-content-type-options'], 'nosniff')
    const csp = first.headers['content-security-policy'] as string
    assert.match(csp, /default-src 'self'/)
    assert.match(csp, /frame-ancestors 'none'/)
    assert.match(csp, /object-src 'none'/)
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
    assert.ok(nonce)
    assert.ok(first.text.includes(`nonce="${nonce}"`))
    assert.notEqual(nonce, /'nonce-([^']+)'/.exec(second.headers['content-security-policy'] as string)?.[1])
    assert.doesNotMatch(first.text, /<script(?![^>]*nonce=)[^>]*>/)
  })

  it('sets the same security headers on the health checks, the 404 page and assets', async () => {
    const home = await request(t.app).get('/').expect(200)
    const css = /href="(\/nhsuk-frontend\/[^"]+\.css)"/.exec(home.text)?.[1]
    for (const path of ['/health', '/ready', '/no-such-page', css!]) {
      const response = await request(t.app).get(path)
      assert.equal(response.headers['x-content-type-options'], 'nosniff', path)
      assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'/, path)
      assert.equal(response.headers['referrer-policy'], 'same-origin', path)
      assert.ok(response.headers['permissions-policy'], path)
    }
  })

  it('gives every response a request id and keeps a well-formed incoming one', async () => {
    const generated = await request(t.app).get('/health')
    assert.match(generated.headers['x-request-id'] as string, /^[0-9a-f-]{36}$/)
    const kept = await request(t.app).get('/health').set('X-Request-Id', 'abc-12345678')
    assert.equal(kept.headers['x-request-id'], 'abc-12345678')
    const replaced = await request(t.app).get('/health').set('X-Request-Id', '<script>')
    assert.notEqual(replaced.headers['x-request-id'], '<script>')
  })

  it('serves versioned assets with long cache headers', async () => {
    const home = await request(t.app).get('/').expect(200)
    const css = /href="(\/nhsuk-frontend\/[^"]+\.css)"/.exec(home.text)?.[1]
    assert.ok(css)
    const response = await request(t.app).get(css).expect(200)
    assert.match(response.headers['cache-control'] as string, /max-age=31536000/)
    assert.match(response.headers['cache-control'] as string, /immutable/)
    const appCss = /href="(\/static\/[^"]+\/app\.css)"/.exec(home.text)?.[1]
    assert.ok(appCss)
    await request(t.app).get(appCss).expect(200)
    await request(t.app).get('/assets/images/nhsuk-icon-arrow-right.svg').expect(200)
    await request(t.app).get('/assets/no-such-file.svg').expect(404)
  })
})

describe('health', () => {
  it('/health answers while the process is up', async () => {
    const response = await request(t.app).get('/health').expect(200)
    assert.deepEqual(response.body, { status: 'ok' })
  })

  it('/ready answers 200 when the database is reachable', async () => {
    const response = await request(t.app).get('/ready').expect(200)
    assert.equal(response.body.checks.database, 'ok')
  })
})
