import * as oidc from 'openid-client'
import type { OidcConfig } from '../config.ts'
import { AppError } from '../domain/errors.ts'
import { verifiedSsoEmail, type SsoEmailProblem } from '../domain/sso.ts'

/** The identity provider could not be reached (or answered nonsense): password sign-in still works. */
export class SsoUnavailableError extends AppError {}

/** What the sign-in started with, kept in the session until the provider sends the person back. */
export interface PendingSso {
  state: string
  nonce: string
  codeVerifier: string
  startedAt: number
}

/** How a sign-in through the provider ended: an address to find a staff account by, or why not. */
export type SsoOutcome = { ok: true; email: string } | { ok: false; reason: 'refused' | SsoEmailProblem; detail: string }

/** A sign-in through the provider must come back within this long. */
const PENDING_MINUTES = 10
const PROVIDER_TIMEOUT_SECONDS = 5

/**
 * Staff single sign-on with OpenID Connect (openid-client): the authorisation code flow with
 * PKCE, `state` and `nonce`, and the ID token checked by the library (signature, issuer,
 * audience, expiry, nonce). The provider's metadata is fetched at each start and kept for the
 * callback and sign-out.
 */
export class SsoService {
  private discovered: Promise<oidc.Configuration> | null = null

  constructor(
    private readonly settings: OidcConfig | null,
    private readonly baseUrl: string,
  ) {}

  get configured(): boolean {
    return this.settings !== null
  }

  get redirectUri(): string {
    return `${this.baseUrl}/sign-in/sso/callback`
  }

  /** Where to send the person, and what to keep in their session until they come back. */
  async start(now = Date.now()): Promise<{ url: string; pending: PendingSso }> {
    // Asked afresh at each start, so that a provider that has gone down gets our page saying so
    // (with password sign-in) rather than a browser error at its address.
    this.discovered = null
    const configuration = await this.configuration()
    const pending: PendingSso = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(), startedAt: now }
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    })
    return { url: url.href, pending }
  }

  /**
   * The person is back from the provider at `callbackUrl`: checks state, exchanges the code (with
   * the PKCE verifier), validates the ID token and its nonce, and reads the verified address.
   * Throws SsoUnavailableError when the provider cannot be reached.
   */
  async finish(callbackUrl: URL, pending: PendingSso | undefined, now = Date.now()): Promise<SsoOutcome> {
    if (!pending || now - pending.startedAt > PENDING_MINUTES * 60 * 1000) return { ok: false, reason: 'refused', detail: 'no sign-in in progress, or it took too long' }
    const configuration = await this.configuration()
    let claims: Record<string, unknown> | undefined
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      })
      const idToken = tokens.claims()
      claims = idToken
      // Providers that follow the standard strictly (oidc-provider) keep the email claims for
      // the userinfo endpoint when they issue an access token; Entra ID puts them in the ID token
      // when asked to (see the README). What the ID token says comes first.
      if (idToken && idToken.email === undefined && tokens.access_token && configuration.serverMetadata().userinfo_endpoint) {
        const userInfo = await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub)
        claims = { ...userInfo, ...idToken }
      }
    } catch (error) {
      if (isUnreachable(error)) throw new SsoUnavailableError('The identity provider did not answer the token request', { cause: error })
      return { ok: false, reason: 'refused', detail: describeRefusal(error) }
    }
    if (!claims) return { ok: false, reason: 'refused', detail: 'no ID token' }
    const found = verifiedSsoEmail(claims, this.settings!.allowedEmailDomains)
    return 'email' in found ? { ok: true, email: found.email } : { ok: false, reason: found.problem, detail: found.problem }
  }

  /** The provider's sign-out page, coming back to /signed-out; null when it has none or cannot be reached. */
  async endSessionUrl(): Promise<string | null> {
    if (!this.configured) return null
    try {
      const configuration = await this.configuration()
      if (!configuration.serverMetadata().end_session_endpoint) return null
      return oidc.buildEndSessionUrl(configuration, { post_logout_redirect_uri: `${this.baseUrl}/signed-out` }).href
    } catch (error) {
      if (error instanceof SsoUnavailableError) return null
      throw error
    }
  }

  private configuration(): Promise<oidc.Configuration> {
    if (!this.settings) return Promise.reject(new Error('Single sign-on is not configured'))
    const { issuer, clientId, clientSecret } = this.settings
    this.discovered ??= oidc
      .discovery(issuer, clientId, clientSecret, oidc.ClientSecretPost(clientSecret), {
        // Also kept for every later request to the provider.
        timeout: PROVIDER_TIMEOUT_SECONDS,
        // Only a local test provider is plain http: the configuration refuses it in production.
        execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        this.discovered = null
        throw new SsoUnavailableError('The identity provider could not be reached for its configuration', { cause: error })
      })
    return this.discovered
  }
}

/** A failed fetch (connection refused, a time-out, DNS), not an answer from the provider. */
function isUnreachable(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
}

/** For the log: the library's code and message, which name the check that failed and hold no personal data. */
function describeRefusal(error: unknown): string {
  if (error instanceof oidc.ResponseBodyError) return `${error.code}: ${error.error}`
  if (error instanceof oidc.AuthorizationResponseError) return `${error.code}: ${error.error}`
  if (error instanceof Error) {
    // openid-client wraps the check that failed ('unexpected "state" response parameter value') in its cause.
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : ''
    return `${(error as { code?: string }).code ?? error.name}: ${error.message}${cause}`
  }
  return 'unknown error'
}
