import { isNhsEmail } from './nhs-email.ts'
import { isEmail, normaliseEmail } from './text.ts'

/** Why an identity provider's answer did not give an address to look a staff account up by. */
export type SsoEmailProblem = 'no-verified-email' | 'domain-not-allowed'

/**
 * The verified email address in an ID token's claims, lower-cased. Verified means the standard
 * `email_verified` claim is true, or Entra ID's optional `xms_edov` claim (the domain of the
 * address is verified as the tenant's own) is. With allowed domains, only addresses on them (or
 * under them) count.
 */
export function verifiedSsoEmail(claims: Record<string, unknown>, allowedDomains: readonly string[]): { email: string } | { problem: SsoEmailProblem } {
  const email = typeof claims.email === 'string' ? normaliseEmail(claims.email) : ''
  const verified = claims.email_verified === true || claims.xms_edov === true || claims.xms_edov === 'true' || claims.xms_edov === '1'
  if (!email || !isEmail(email) || !verified) return { problem: 'no-verified-email' }
  if (allowedDomains.length > 0 && !isNhsEmail(email, allowedDomains)) return { problem: 'domain-not-allowed' }
  return { email }
}
