import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import express from 'express'
import request from 'supertest'
import { createLogger } from '../../src/logger.ts'
import setUpRequestLogging, { loggablePath } from '../../src/middleware/setUpRequestLogging.ts'
import { createToken } from '../../src/services/tokens.ts'

it('logs paths without query strings or one-time tokens', () => {
  const { token } = createToken()
  assert.equal(loggablePath(`/my-application/sign-in/${token}`), '/my-application/sign-in/[token]')
  assert.equal(loggablePath(`/offer/${token}/accept`), '/offer/[token]/accept')
  assert.equal(loggablePath(`/setup?token=${token}`), '/setup')
  assert.equal(loggablePath('/roles/web-developer'), '/roles/web-developer')
  assert.equal(loggablePath('/review/applications/PYC-4K7M-Q9TX'), '/review/applications/PYC-4K7M-Q9TX')
})

interface Line {
  level: number
  msg: string
  req?: { id: string; method: string; path: string }
  res?: { statusCode: number }
  responseTime?: number
  err?: { type: string; message: string }
  note?: string
}

/** An app with only the request log in front of a few routes; its JSON lines kept in memory. */
function loggedApp(level: string) {
  const lines: string[] = []
  const logger = createLogger(level, { destination: { write: (line: string) => void lines.push(line) } })
  const app = express()
  app.use(setUpRequestLogging(logger))
  const router = express.Router()
  router.get('/page', (req, res) => {
    req.log.info({ note: 'from the route' }, 'route line')
    res.send('ok')
  })
  app.use('/mounted', router)
  app.get('/missing', (_req, res) => void res.status(404).send('no'))
  app.get('/broken', (_req, res) => void res.status(500).send('broken'))
  app.get('/health', (_req, res) => void res.send('ok'))
  app.get('/assets/app.css', (_req, res) => void res.send(''))
  return { app, entries: () => lines.map((line) => JSON.parse(line) as Line) }
}

describe('the request log', () => {
  it('writes one line per request: id, method, path without its query, status and time', async () => {
    const { app, entries } = loggedApp('info')
    const response = await request(app).get('/mounted/page?email=someone@example.org').expect(200)
    const id = response.headers['x-request-id']
    assert.match(String(id), /^[0-9a-f-]{36}$/)
    const [routeLine, requestLine, ...rest] = entries()
    assert.equal(rest.length, 0)
    // The route's own line carries the request as it was asked for (not the mounted router's url).
    assert.deepEqual(routeLine!.req, { id, method: 'GET', path: '/mounted/page' })
    assert.equal(routeLine!.note, 'from the route')
    assert.equal(requestLine!.msg, 'request completed')
    assert.equal(requestLine!.level, 30)
    assert.deepEqual(requestLine!.req, { id, method: 'GET', path: '/mounted/page' })
    assert.deepEqual(requestLine!.res, { statusCode: 200 })
    assert.equal(typeof requestLine!.responseTime, 'number')
  })

  it('keeps a well-formed X-Request-Id, and logs refusals as warnings and failures as errors', async () => {
    const { app, entries } = loggedApp('info')
    await request(app).get('/missing').set('X-Request-Id', 'proxy-id-1234').expect(404).expect('X-Request-Id', 'proxy-id-1234')
    await request(app).get('/broken').set('X-Request-Id', 'bad id!').expect(500)
    const [missing, broken] = entries()
    assert.deepEqual([missing!.level, missing!.msg, missing!.req!.id], [40, 'request completed', 'proxy-id-1234'])
    assert.deepEqual([broken!.level, broken!.msg, broken!.res!.statusCode], [50, 'request errored', 500])
    assert.notEqual(broken!.req!.id, 'bad id!')
    assert.equal(broken!.err!.message, 'failed with status code 500')
  })

  it('leaves out health checks and assets, and writes no request lines below info', async () => {
    const quietCase = loggedApp('info')
    await request(quietCase.app).get('/health').expect(200)
    await request(quietCase.app).get('/assets/app.css').expect(200)
    assert.deepEqual(quietCase.entries(), [])

    const warnOnly = loggedApp('warn')
    const response = await request(warnOnly.app).get('/missing').expect(404)
    assert.ok(response.headers['x-request-id'], 'the id is given all the same')
    assert.deepEqual(warnOnly.entries(), [])
  })
})
