import { hkdfSync } from 'node:crypto'
import path from 'node:path'
import { AppError } from './domain/errors.ts'
import { parseDomainList } from './domain/nhs-email.ts'
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
  /**
   * Encrypts data kept at rest that must be read back (the secrets of staff authenticator apps):
   * 32 bytes from DATA_ENCRYPTION_KEY, or, without it, derived from the session secret.
   */
  dataEncryption: { key: Buffer; fromEnvironment: boolean }
  /** OpenID Connect single sign-on for staff (e.g. NHSmail through Entra ID); null when not configured. */
  oidc: OidcConfig | null
}

export interface OidcConfig {
  issuer: URL
  clientId: string
  clientSecret: string
  /** Only addresses on these domains (or under them) may sign in by SSO; empty: any domain. */
  allowedEmailDomains: string[]
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

/** 32 bytes, as 64 hex characters or base64 (standard or URL-safe). */
function encryptionKey(env: Env, sessionSecret: string): Config['dataEncryption'] {
  const raw = (env.DATA_ENCRYPTION_KEY ?? '').trim()
  if (!raw) return { key: Buffer.from(hkdfSync('sha256', sessionSecret, 'data-encryption-key', 'aes-256-gcm', 32)), fromEnvironment: false }
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64')
  if (key.length !== 32) throw new ConfigError('DATA_ENCRYPTION_KEY must be 32 bytes: 64 hex characters (openssl rand -hex 32) or base64')
  return { key, fromEnvironment: true }
}

/** All three OIDC_ variables or none; the issuer over https, except for a local test provider outside production. */
function oidcConfig(env: Env, isProduction: boolean): OidcConfig | null {
  const names = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const
  const given = names.filter((name) => env[name])
  if (given.length === 0) return null
  if (given.length < names.length) {
    throw new ConfigError(`Single sign-on needs ${names.join(', ')}; missing: ${names.filter((name) => !env[name]).join(', ')}`)
  }
  let issuer: URL
  try {
    issuer = new URL(env.OIDC_ISSUER!)
  } catch {
    throw new ConfigError(`OIDC_ISSUER must be the issuer's URL, got "${env.OIDC_ISSUER}"`)
  }
  if (issuer.protocol !== 'https:' && (isProduction || issuer.protocol !== 'http:')) {
    throw new ConfigError(`OIDC_ISSUER must be an https address${isProduction ? ' in production' : ''}, got "${env.OIDC_ISSUER}"`)
  }
  const domains = parseDomainList(env.OIDC_ALLOWED_EMAIL_DOMAINS ?? '')
  if (domains.invalid.length > 0) throw new ConfigError(`OIDC_ALLOWED_EMAIL_DOMAINS must list domains like nhs.net, got "${domains.invalid.join(', ')}"`)
  return { issuer, clientId: env.OIDC_CLIENT_ID!, clientSecret: env.OIDC_CLIENT_SECRET!, allowedEmailDomains: domains.domains }
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

  // Development only: production refuses to start without SESSION_SECRET (above).
  const sessionSecret = env.SESSION_SECRET || 'development-only-secret-not-for-production-use'

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
      secret: sessionSecret,
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
    dataEncryption: encryptionKey(env, sessionSecret),
    oidc: oidcConfig(env, isProduction),
  }
}
