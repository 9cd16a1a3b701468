import path from 'node:path'
import { AppError } from './domain/errors.ts'
import { rootDir } from './paths.ts'

export class ConfigError extends AppError {}

export interface Config {
  env: 'production' | 'development' | 'test'
  isProduction: boolean
  port: number
  baseUrl: string
  /**
   * True when BASE_URL is https: cookies are then Secure with the __Host- prefix, and HSTS and
   * upgrade-insecure-requests are sent. Over plain http (a laptop, a first try with Compose)
   * they are not, or no browser would keep the session cookie.
   */
  https: boolean
  database: {
    /** null means: run the embedded PostgreSQL under dataDir. */
    url: string | null
  }
  smtp: {
    /** null means: write mail as .eml files under dataDir/mail. */
    url: string | null
  }
  mail: { from: string }
  session: {
    secret: string
    /** Sign-out after this long without a request. (A test may set a fraction of a minute.) */
    idleMinutes: number
    absoluteHours: number
    /** How long before the idle sign-out signed-in staff are warned, with a chance to stay signed in. */
    timeoutWarningSeconds: number
  }
  dataDir: string
  logLevel: string
  /** Number of proxies in front of the app, for req.ip and rate limits. */
  trustProxy: number
  /** How long each instance may keep settings and the role list before reading them again. */
  cacheSeconds: number
  /** Log lines as JSON (production, files) or pretty (a person reading a terminal); auto decides by NODE_ENV and the terminal. */
  logFormat: 'json' | 'pretty' | 'auto'
  /** How long a stop may take (requests to finish, the worker's send, pools) before the process exits anyway. */
  shutdownGraceSeconds: number
  jobs: {
    /**
     * A worker process that has not shown it is alive for this long is taken as dead, and the
     * jobs it had locked are freed for another worker (graphile-worker itself waits 4 hours).
     */
    lockTimeoutSeconds: number
    /**
     * A job runner whose every attempt to fetch a job has failed for this long, while the database
     * answers, is replaced by a new one (see src/jobs/worker.ts).
     */
    stalledAfterSeconds: number
  }
}

type Env = Record<string, string | undefined>

function nodeEnv(value: string | undefined): Config['env'] {
  if (value === 'production' || value === 'test') return value
  return 'development'
}

function integer(env: Env, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigError(`${name} must be a whole number, got "${raw}"`)
  }
  return value
}

function atLeast(minimum: number, env: Env, name: string, fallback: number): number {
  const value = integer(env, name, fallback)
  if (value < minimum) throw new ConfigError(`${name} must be at least ${minimum}, got "${env[name]}"`)
  return value
}

/** Reads every setting once. In production a missing required setting stops start-up. */
export function loadConfig(env: Env = process.env): Config {
  const nodeEnvValue = nodeEnv(env.NODE_ENV)
  const isProduction = nodeEnvValue === 'production'
  const port = integer(env, 'PORT', 3000)

  if (isProduction) {
    const missing = ['DATABASE_URL', 'SESSION_SECRET'].filter((name) => !env[name])
    if (missing.length > 0) {
      throw new ConfigError(`Missing required setting${missing.length > 1 ? 's' : ''} in production: ${missing.join(', ')}`)
    }
    if ((env.SESSION_SECRET ?? '').length < 32) {
      throw new ConfigError('SESSION_SECRET must be at least 32 characters in production')
    }
  }

  const baseUrl = (env.BASE_URL || `http://localhost:${port}`).replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]/i.test(baseUrl)) {
    throw new ConfigError(`BASE_URL must start with http:// or https://, got "${env.BASE_URL}"`)
  }
  const logFormat = env.LOG_FORMAT || 'auto'
  if (logFormat !== 'json' && logFormat !== 'pretty' && logFormat !== 'auto') {
    throw new ConfigError(`LOG_FORMAT must be json, pretty or auto, got "${logFormat}"`)
  }

  return {
    env: nodeEnvValue,
    isProduction,
    port,
    baseUrl,
    https: /^https:/i.test(baseUrl),
    database: { url: env.DATABASE_URL || null },
    smtp: { url: env.SMTP_URL || null },
    mail: { from: env.MAIL_FROM || 'NHS Python Community <no-reply@localhost>' },
    session: {
      // Development only: production refuses to start without SESSION_SECRET (above).
      secret: env.SESSION_SECRET || 'development-only-secret-not-for-production-use',
      idleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30),
      absoluteHours: integer(env, 'SESSION_ABSOLUTE_HOURS', 12),
      timeoutWarningSeconds: integer(env, 'SESSION_TIMEOUT_WARNING_SECONDS', 120),
    },
    dataDir: path.resolve(rootDir, env.DATA_DIR || '.data'),
    logLevel: env.LOG_LEVEL || (nodeEnvValue === 'test' ? 'silent' : 'info'),
    trustProxy: integer(env, 'TRUST_PROXY', 0),
    cacheSeconds: integer(env, 'CACHE_SECONDS', nodeEnvValue === 'test' ? 0 : 10),
    logFormat,
    shutdownGraceSeconds: integer(env, 'SHUTDOWN_GRACE_SECONDS', 10),
    jobs: {
      lockTimeoutSeconds: atLeast(1, env, 'JOB_LOCK_TIMEOUT_SECONDS', 120),
      stalledAfterSeconds: atLeast(1, env, 'JOB_RUNNER_STALL_SECONDS', 30),
    },
  }
}
