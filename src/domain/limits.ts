/** The service's rate limits as data, and the progressive delay after failed staff sign-ins. */

export interface Limit {
  limit: number
  windowMinutes: number
  /** Why the limit is there and why it is this size (the README shows the same table). */
  why: string
}

const HOUR = 60
const DAY = 24 * HOUR

/**
 * Every rate limit of the service, in one place. Limits on an email address or a staff account
 * are the tight ones: they protect a person. Limits on a client address (an IP, or an IPv6 /56)
 * are generous: a whole NHS trust can reach us from one address through its NAT, so they are
 * sized to stop a script, not a busy office.
 */
export const LIMITS = {
  applicationsPerAddress: {
    limit: 3,
    windowMinutes: DAY,
    why: 'Each application emails a receipt to an address nobody has verified: this stops the form being used to mail someone.',
  },
  applicationsPerIp: { limit: 100, windowMinutes: HOUR, why: 'Stops a script submitting applications; far more than a trust sends in an hour.' },
  draftSavesPerAddress: { limit: 5, windowMinutes: HOUR, why: 'Each save emails a resume link to the address typed.' },
  draftSavesPerIp: { limit: 200, windowMinutes: HOUR, why: 'Stops a script; a trust of applicants saving drafts stays well under.' },
  linkRequestsPerAddress: { limit: 3, windowMinutes: 15, why: 'Each request emails a sign-in link (applicants, new executives) to the address typed.' },
  linkRequestsPerIp: { limit: 200, windowMinutes: HOUR, why: 'Stops a script asking for links for many addresses; sized for a trust behind one address.' },
  linkSignInsPerIp: { limit: 300, windowMinutes: HOUR, why: 'Slows guessing of link tokens (which are long and random anyway).' },
  staffSignInFailuresPerIp: {
    limit: 100,
    windowMinutes: 15,
    why: 'Failed staff sign-ins from one address, across accounts: stops password spraying. Successful sign-ins do not count.',
  },
  staffSignInFailuresPerAccountAndClient: {
    limit: 5,
    windowMinutes: DAY,
    why: 'Wrong passwords for one account from one client before each further try from there waits (30 seconds, doubling, at most 15 minutes; forgotten a day after the last failure). Never a lock: the owner elsewhere is not affected, and a password reset or a sign-in clears it.',
  },
  secondFactorFailuresPerAccount: {
    limit: 10,
    windowMinutes: HOUR,
    why: 'Wrong authenticator or recovery codes for one account, from every client together: whoever tries has the password already, so after this many the code step refuses that account until the hour is over.',
  },
  passwordResetsPerAddress: { limit: 3, windowMinutes: HOUR, why: 'Each request emails a reset link; over the limit the page is the same and nothing is sent.' },
  passwordResetsPerIp: { limit: 100, windowMinutes: HOUR, why: 'Stops a script asking for resets for many addresses.' },
  interestRegistrationsPerAddress: {
    limit: 3,
    windowMinutes: DAY,
    why: 'Each registration of interest emails a confirmation link to an address nobody has verified; over the limit the page is the same and nothing is sent.',
  },
  interestRegistrationsPerIp: { limit: 100, windowMinutes: HOUR, why: 'Stops a script registering many addresses; far more than a trust sends in an hour.' },
  interestConfirmationsPerIp: { limit: 300, windowMinutes: HOUR, why: 'Slows guessing of confirmation link tokens (which are long and random anyway).' },
  nominationsPerAddress: { limit: 3, windowMinutes: DAY, why: 'Each board nomination emails a receipt to an address nobody has verified: this stops the form being used to mail someone.' },
  nominationsPerIp: { limit: 100, windowMinutes: HOUR, why: 'Stops a script sending nominations; far more than a trust sends in an hour.' },
} as const satisfies Record<string, Limit>

export type LimitName = keyof typeof LIMITS


const FIRST_DELAY_SECONDS = 30
const LONGEST_DELAY_SECONDS = 15 * 60

/**
 * How long after the last failure the next sign-in try for an account from a client must wait:
 * nothing for the first few failures, then 30 seconds, doubling each time, at most 15 minutes.
 */
export function signInDelaySeconds(failures: number): number {
  const free = LIMITS.staffSignInFailuresPerAccountAndClient.limit
  if (failures < free) return 0
  return Math.min(FIRST_DELAY_SECONDS * 2 ** (failures - free), LONGEST_DELAY_SECONDS)
}
