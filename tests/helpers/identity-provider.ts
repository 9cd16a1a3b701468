// A real OpenID Connect provider (oidc-provider, the certified Node implementation) in the test
// process, on a free local port, with one confidential client for the app: the browser tests sign
// in through its own login and consent pages. Whoever types a login is that account: its email is
// the login, verified unless it starts with "unverified.".
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

/** What to do with the next authorisation request the provider gets: change its parameters on the way in, or stop there. */
export interface AuthorisationHook {
  change?(parameters: URLSearchParams): void
  /** Answer "stopped" instead, keeping the parameters (the state and nonce the app sent). */
  stop?: (parameters: URLSearchParams) => void
}

export interface TestIdentityProvider {
  issuer: string
  clientId: string
  clientSecret: string
  /** Tampers with the next authorisation request (a browser's redirects cannot be intercepted on its side). */
  onNextAuthorisation(hook: AuthorisationHook): void
  /** Stops answering at once (an issuer that is down from then on). */
  close(): Promise<void>
}

export const TEST_CLIENT_SECRET = 'test-client-secret-canary-5d1b7e'

/** Starts the provider for an app at `appBaseUrl` (its redirect and post-logout addresses). */
export async function startIdentityProvider(appBaseUrl: string): Promise<TestIdentityProvider> {
  let handle: http.RequestListener = (_req, res) => res.writeHead(503).end()
  let nextHook: AuthorisationHook | null = null
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://provider')
    if (url.pathname === '/auth' && nextHook) {
      const hook = nextHook
      nextHook = null
      hook.change?.(url.searchParams)
      req.url = `${url.pathname}${url.search}`
      if (hook.stop) {
        hook.stop(url.searchParams)
        return res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!DOCTYPE html><html lang="en"><title>Stopped</title><main><h1>Stopped</h1></main></html>')
      }
    }
    handle(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const clientId = 'volunteer-roles-test'
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: TEST_CLIENT_SECRET,
        redirect_uris: [`${appBaseUrl}/sign-in/sso/callback`],
        post_logout_redirect_uris: [`${appBaseUrl}/signed-out`],
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        claims: async () => ({ sub: id, email: id, email_verified: !id.startsWith('unverified.'), name: id }),
      }
    },
    cookies: { keys: ['test-identity-provider-cookie-key'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  })
  handle = provider.callback()
  return {
    issuer,
    clientId,
    clientSecret: TEST_CLIENT_SECRET,
    onNextAuthorisation: (hook) => {
      nextHook = hook
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
