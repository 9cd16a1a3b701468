import { pino, type DestinationStream, type Logger } from 'pino'
import pretty from 'pino-pretty'

export type { Logger }

/** As config.logFormat: auto is pretty for a person at a terminal, JSON otherwise. */
export type LogFormat = 'json' | 'pretty' | 'auto'

export interface LoggerOptions {
  /** config.logFormat. Without it the lines are JSON. */
  format?: LogFormat
  /** config.isProduction. Auto is pretty only when this is false and stdout is a terminal. */
  isProduction?: boolean
  /** Where the lines go instead of stdout (tests read the log from here). */
  destination?: DestinationStream
}

/** What the log keeps of an error: what went wrong and where, never the data it was working on. */
export interface SerializedError {
  type: string
  message: string
  /** A Postgres SQLSTATE (23505), a Node or nodemailer code (ECONNREFUSED, EAUTH). */
  code?: string | number
  stack?: string
  cause?: SerializedError
  /** An AggregateError's errors. */
  errors?: SerializedError[]
}

// Postgres puts names of things in double quotes after these words (relation "applications",
// constraint "applications_email_key"); those help and hold no personal data.
const NAME_BEFORE = /\b(?:column|constraint|relation|table|index|schema|sequence|type|function|trigger|database|extension|view|encoding|domain)\s+$/i
const IDENTIFIER = /^[A-Za-z_][\w$.]{0,62}$/
// A value at the end of a line, as Postgres writes them ('invalid input syntax for type uuid:
// "..."'), taken whole: the value itself may contain quotes.
const TRAILING_VALUE = /: ".*"$/gm
const DOUBLE_QUOTED = /"(?:[^"\\\n]|\\.)*"/g
// Not after a letter, so that the apostrophe in "can't" does not start a quotation.
const SINGLE_QUOTED = /(?<![A-Za-z0-9])'[^'\n]*'/g
// Key (email)=(ann@example.org), as in a unique violation's detail, should one reach a message.
const KEY_VALUE = /\)=\([^\n]*?\)/g
// SMTP replies quote the address ("550 <ann@example.org> unknown").
const ADDRESS = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g
// One-time link tokens are 43 base64url characters (src/services/tokens.ts).
const TOKEN = /(?<![\w-])[\w-]{43}(?![\w-])/g
const CODE = /^[A-Za-z0-9_.-]{1,64}$/
const MAX_DEPTH = 5
const MAX_AGGREGATED = 10

/**
 * An error message without the values it may quote: 'invalid input syntax for type uuid:
 * "[redacted]"'. Names of relations, columns and constraints stay.
 */
export function withoutValues(message: string): string {
  return message
    .replace(TRAILING_VALUE, ': "[redacted]"')
    .replace(DOUBLE_QUOTED, (quoted: string, offset: number, whole: string) =>
      NAME_BEFORE.test(whole.slice(Math.max(0, offset - 24), offset)) && IDENTIFIER.test(quoted.slice(1, -1)) ? quoted : '"[redacted]"',
    )
    .replace(SINGLE_QUOTED, "'[redacted]'")
    .replace(KEY_VALUE, ')=([redacted])')
    .replace(ADDRESS, '[address]')
    .replace(TOKEN, '[token]')
}

type ErrorLike = { message: string } & Record<string, unknown>

function isErrorLike(value: unknown): value is ErrorLike {
  return value instanceof Error || (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string')
}

function typeOf(error: ErrorLike): string {
  const name = error.constructor?.name && error.constructor !== Object ? error.constructor.name : error.name
  return typeof name === 'string' && IDENTIFIER.test(name) ? name : 'Error'
}

/** The stack's frames under a cleaned first line: V8 starts a stack with the raw message. */
function stackOf(stack: unknown, header: string): string | undefined {
  if (typeof stack !== 'string') return undefined
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line))
  return [header, ...frames].join('\n')
}

/** `ancestors` are the errors this one is a cause of, so that a loop of causes ends. */
function serialize(value: unknown, ancestors: ReadonlySet<unknown>, depth: number): SerializedError {
  if (!isErrorLike(value)) {
    // Something thrown that is not an error: a string is kept like a message; an object's
    // contents are not, as they may be anything.
    if (typeof value === 'string') return { type: 'string', message: withoutValues(value) }
    return { type: value === null ? 'null' : typeof value, message: '' }
  }
  const type = typeOf(value)
  const message = withoutValues(value.message)
  const result: SerializedError = { type, message }
  const code = value.code
  if ((typeof code === 'string' && CODE.test(code)) || typeof code === 'number') result.code = code
  const stack = stackOf(value.stack, message ? `${type}: ${message}` : type)
  if (stack) result.stack = stack
  if (depth < MAX_DEPTH) {
    const line = new Set(ancestors).add(value)
    if (value.cause !== undefined && !line.has(value.cause)) result.cause = serialize(value.cause, line, depth + 1)
    if (Array.isArray(value.errors)) {
      result.errors = value.errors
        .slice(0, MAX_AGGREGATED)
        .filter((inner: unknown) => !line.has(inner))
        .map((inner: unknown) => serialize(inner, line, depth + 1))
    }
  }
  return result
}

/**
 * The one error serializer, for every logger the app makes (the request lines' too). It keeps the
 * class, message, code and stack, with quoted values taken out of the message, and the same
 * for each cause and aggregated error. Everything else is dropped: a TypeORM QueryFailedError
 * carries the query's parameters (names, addresses, rendered email with one-time links), and
 * Postgres adds detail ("Failing row contains (...)"), where and the rest.
 */
export function serializeError(value: unknown): SerializedError {
  return serialize(value, new Set(), 0)
}

/**
 * Pretty lines from a synchronous stream on the main thread rather than pino's transport (a
 * worker thread): every line is written before the next statement runs, so process.exit()
 * after a shutdown loses nothing and there is no thread to wait for.
 */
function prettyStream(destination?: DestinationStream): DestinationStream {
  return pretty({
    sync: true,
    ...(destination ? { destination: destination as NodeJS.WritableStream } : {}),
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    // A request line reads "GET /apply 200 in 12 ms: request completed {"req":{"id":"..."}}".
    messageFormat: '{if res.statusCode}{req.method} {req.path} {res.statusCode} in {responseTime} ms: {end}{msg}',
    ignore: 'pid,hostname,res,responseTime,req.method,req.path',
  })
}

/** The error pino would take a line's msg from: the object logged, or its err when it has no msg. */
function errorGivingMessage(first: unknown): { message: string } | undefined {
  if (first instanceof Error) return first
  if (typeof first !== 'object' || first === null) return undefined
  const { err, msg } = first as { err?: unknown; msg?: unknown }
  return msg === undefined && isErrorLike(err) ? err : undefined
}

function wantsPretty(options: LoggerOptions): boolean {
  if (options.format === 'pretty') return true
  return options.format === 'auto' && options.isProduction === false && process.stdout.isTTY === true
}

/**
 * One logger for the process. Errors go through serializeError. Redaction is a safety net: code
 * should not log personal data in the first place (request logs carry method, path without
 * query, status and an id).
 */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const destination = wantsPretty(options) ? prettyStream(options.destination) : options.destination
  return pino(
    {
      level,
      serializers: { err: serializeError },
      redact: {
        paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.email', '*.password', '*.token'],
        censor: '[redacted]',
      },
      hooks: {
        // Given only an error, pino takes the line's msg from the error's raw message: give it
        // the cleaned one instead.
        logMethod(args, method) {
          const error = args.length === 1 ? errorGivingMessage(args[0]) : undefined
          if (error) return method.apply(this, [args[0], withoutValues(error.message)])
          return method.apply(this, args)
        },
      },
    },
    // Undefined: pino's own stdout.
    destination,
  )
}
