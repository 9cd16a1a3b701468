// When signed-in staff are warned that their session is about to end for inactivity.

export interface SessionTimeout {
  /** Sign-out after this many seconds without a request. */
  idleSeconds: number
  /** The warning comes this many seconds before then (never more than the whole idle time). */
  warningSeconds: number
}

export function sessionTimeout(session: { idleMinutes: number; timeoutWarningSeconds: number }): SessionTimeout {
  const idleSeconds = Math.max(1, Math.round(session.idleMinutes * 60))
  return { idleSeconds, warningSeconds: Math.min(session.timeoutWarningSeconds, idleSeconds) }
}

/** "30 minutes", "1 minute", "45 seconds": whole minutes, rounded up, from a minute on. */
export function durationInWords(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds))
  if (whole >= 60) {
    const minutes = Math.ceil(whole / 60)
    return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`
  }
  return `${whole} ${whole === 1 ? 'second' : 'seconds'}`
}
