import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { describe, it } from 'node:test'
import pg from 'pg'
import { QueryFailedError } from 'typeorm'
import { createLogger, serializeError, withoutValues } from '../../src/logger.ts'
import { createToken } from '../../src/services/tokens.ts'

const NAME = 'Canary Zebedee'
const EMAIL = 'canary-7f3a@example.org'
const PHONE = '07700 900737'
const CANARIES = ['Canary', 'Zebedee', 'canary-7f3a', '900737']

function assertNoCanary(serialized: unknown): void {
  const json = JSON.stringify(serialized).toLowerCase()
  for (const canary of CANARIES) assert.ok(!json.includes(canary.toLowerCase()), `"${canary}" is in ${JSON.stringify(serialized)}`)
}

/** What TypeORM throws when pg reports a check violation on an insert: pg's DatabaseError, wrapped. */
function failedInsert(): QueryFailedError {
  const { token } = createToken()
  const driverError = new pg.DatabaseError('new row for relation "applications" violates check constraint "applications_phone_check"', 312, 'error')
  Object.assign(driverError, {
    severity: 'ERROR',
    code: '23514',
    detail: `Failing row contains (4b1c6f1e-8a3b-4d2e-9f10-2c1d7a9e5b33, PYC-4K7M-Q9TX, submitted, ${NAME}, ${EMAIL}, ${PHONE}).`,
    where: `SQL statement "INSERT INTO applications VALUES ('${NAME}')"`,
    schema: 'public',
    table: 'applications',
    constraint: 'applications_phone_check',
    file: 'execMain.c',
    line: '2058',
    routine: 'ExecConstraints',
  })
  return new QueryFailedError(
    'INSERT INTO "applications"("full_name", "email", "phone", "confirmation_html") VALUES ($1, $2, $3, $4) RETURNING "id"',
    [NAME, EMAIL, PHONE, `<p>Dear ${NAME}, <a href="http://localhost:3000/my-application/sign-in/${token}">see your application</a></p>`],
    driverError,
  )
}

describe('serializeError', () => {
  it('keeps the class, message, SQLSTATE and stack of a failed query, and drops everything else', () => {
    const error = failedInsert()
    assert.equal((error as unknown as { detail: string }).detail.includes(NAME), true, 'the error itself holds the values')

    const serialized = serializeError(error)
    assert.deepEqual(Object.keys(serialized), ['type', 'message', 'code', 'stack'])
    assert.equal(serialized.type, 'QueryFailedError')
    assert.equal(serialized.message, 'new row for relation "applications" violates check constraint "applications_phone_check"')
    assert.equal(serialized.code, '23514')
    assert.match(serialized.stack ?? '', /^QueryFailedError: new row for relation "applications" violates check constraint "applications_phone_check"\n\s+at /)
    assertNoCanary(serialized)
    assert.doesNotMatch(JSON.stringify(serialized), /sign-in\/|INSERT INTO|Failing row/)
  })

  it('keeps a nodemailer code and drops the SMTP reply and the rejected addresses', () => {
    const error = Object.assign(new Error(`Can't send mail - all recipients were rejected: 550 5.1.1 <${EMAIL}>: Recipient address rejected`), {
      code: 'EENVELOPE',
      response: `550 5.1.1 <${EMAIL}>: Recipient address rejected`,
      responseCode: 550,
      command: 'RCPT TO',
      rejected: [EMAIL],
    })
    const serialized = serializeError(error)
    assert.equal(serialized.code, 'EENVELOPE')
    assert.equal(serialized.message, "Can't send mail - all recipients were rejected: 550 5.1.1 <[address]>: Recipient address rejected")
    assertNoCanary(serialized)
  })

  it('follows causes and the errors of an AggregateError', () => {
    const refused = (port: number) => Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${port}`), { code: 'ECONNREFUSED', port })
    const unreachable = Object.assign(new AggregateError([refused(5432), refused(5433)], ''), { code: 'ECONNREFUSED' })
    const error = new Error(`Could not queue the email to "${EMAIL}"`, { cause: new Error('Saving failed', { cause: failedInsert() }) })

    const serialized = serializeError(error)
    assert.equal(serialized.message, 'Could not queue the email to "[redacted]"')
    assert.equal(serialized.cause?.message, 'Saving failed')
    assert.equal(serialized.cause?.cause?.type, 'QueryFailedError')
    assert.equal(serialized.cause?.cause?.code, '23514')
    assertNoCanary(serialized)

    const aggregate = serializeError(unreachable)
    assert.equal(aggregate.type, 'AggregateError')
    assert.equal(aggregate.code, 'ECONNREFUSED')
    assert.deepEqual(
      aggregate.errors?.map(({ message, code }) => ({ message, code })),
      [
        { message: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED' },
        { message: 'connect ECONNREFUSED 127.0.0.1:5433', code: 'ECONNREFUSED' },
      ],
    )
  })

  it('stops at a loop of causes', () => {
    const first = new Error('first')
    const second = new Error('second', { cause: first })
    first.cause = second
    const serialized = serializeError(first)
    assert.equal(serialized.cause?.message, 'second')
    assert.equal(serialized.cause?.cause, undefined)
  })

  it('keeps a thrown string as a cleaned message, and nothing of a thrown object', () => {
    assert.deepEqual(serializeError(`No application for "${EMAIL}"`), { type: 'string', message: 'No application for "[redacted]"' })
    assert.deepEqual(serializeError({ fullName: NAME, email: EMAIL }), { type: 'object', message: '' })
    assert.deepEqual(serializeError(null), { type: 'null', message: '' })
  })

  it('keeps only a code that looks like one', () => {
    assert.equal(serializeError(Object.assign(new Error('x'), { code: EMAIL })).code, undefined)
    assert.equal(serializeError(Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' })).code, 'ERR_INVALID_ARG_TYPE')
  })
})

describe('withoutValues', () => {
  const { token } = createToken()
  const cases: [string, string][] = [
    ['invalid input syntax for type uuid: "Canary Zebedee"', 'invalid input syntax for type uuid: "[redacted]"'],
    // Postgres does not escape quotes inside the value.
    ['invalid input syntax for type integer: "say "hi" Zebedee"', 'invalid input syntax for type integer: "[redacted]"'],
    ['invalid input value for enum application_status: "Zebedee"', 'invalid input value for enum application_status: "[redacted]"'],
    ['value "07700900737" is out of range for type integer', 'value "[redacted]" is out of range for type integer'],
    ['null value in column "email" of relation "applications" violates not-null constraint', 'null value in column "email" of relation "applications" violates not-null constraint'],
    ['duplicate key value violates unique constraint "applications_email_key"', 'duplicate key value violates unique constraint "applications_email_key"'],
    ['column "Canary Zebedee" does not exist', 'column "[redacted]" does not exist'],
    [`Key (email)=(${EMAIL}) already exists.`, 'Key (email)=([redacted]) already exists.'],
    [`Unexpected token 'C', "Canary Zebedee" is not valid JSON`, `Unexpected token '[redacted]', "[redacted]" is not valid JSON`],
    [`Recipient <${EMAIL}> unknown`, 'Recipient <[address]> unknown'],
    [`No such link: /my-application/sign-in/${token}`, 'No such link: /my-application/sign-in/[token]'],
    ['connect ECONNREFUSED 127.0.0.1:5432', 'connect ECONNREFUSED 127.0.0.1:5432'],
  ]
  for (const [message, expected] of cases) {
    it(`cleans ${message.replace(token, '<token>')}`, () => {
      assert.equal(withoutValues(message), expected)
    })
  }
})

describe('createLogger', () => {
  function capture(): { lines: Record<string, unknown>[]; logger: ReturnType<typeof createLogger> } {
    const lines: Record<string, unknown>[] = []
    const logger = createLogger('info', { destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } })
    return { lines, logger }
  }

  it('serializes err with serializeError in the logger and its children', () => {
    const { lines, logger } = capture()
    logger.error({ err: failedInsert() }, 'saving failed')
    logger.child({ req: { id: 'abc' } }).child({ job: 'send_email' }).warn({ err: failedInsert() }, 'saving failed')
    assert.equal(lines.length, 2)
    for (const line of lines) {
      const err = line.err as Record<string, unknown>
      assert.deepEqual(Object.keys(err), ['type', 'message', 'code', 'stack'])
      assert.equal(err.type, 'QueryFailedError')
      assert.equal(err.code, '23514')
    }
    assertNoCanary(lines)
  })

  it('cleans the message pino takes from an error logged on its own', () => {
    const { lines, logger } = capture()
    const error = new Error(`invalid input syntax for type uuid: "${NAME}"`)
    logger.error(error)
    logger.error({ err: error })
    assert.deepEqual(
      lines.map((line) => line.msg),
      ['invalid input syntax for type uuid: "[redacted]"', 'invalid input syntax for type uuid: "[redacted]"'],
    )
    assertNoCanary(lines)
  })

  describe('format', () => {
    function raw(options: Parameters<typeof createLogger>[1]): string[] {
      const lines: string[] = []
      // A real stream, as pino-pretty pipes into it.
      const destination = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'))
          done()
        },
      })
      const logger = createLogger('info', { ...options, destination })
      logger.info({ req: { id: 'r1', method: 'GET', path: '/apply' }, res: { statusCode: 200 }, responseTime: 12 }, 'request completed')
      return lines.join('').trim().split('\n')
    }

    it('writes one readable line per entry when pretty, without the JSON braces', () => {
      const [line, ...rest] = raw({ format: 'pretty' })
      assert.deepEqual(rest, [])
      assert.match(line!, /GET \/apply 200 in 12 ms: request completed/)
      assert.doesNotMatch(line!, /^\{/)
    })

    it('writes JSON in production, and for auto when no person is reading a terminal', () => {
      for (const options of [{ format: 'json' }, { format: 'auto', isProduction: true }, { format: 'auto', isProduction: false }, {}] as const) {
        // Under test stdout is not a terminal, so auto stays JSON.
        const [line] = raw(options)
        assert.equal((JSON.parse(line!) as { msg: string }).msg, 'request completed', JSON.stringify(options))
      }
    })
  })
})
