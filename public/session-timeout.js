// Warns signed-in staff before their session ends for inactivity, as GOV.UK and HMRC services
// do: a modal dialog (focus moves into it) says how long is left, with "Stay signed in" (or
// Escape), which keeps the session with a small POST, and "Sign out". When the time runs out the
// browser signs out and shows a page that says why. Tabs of the same browser share the time of
// the latest activity, so working in one tab never signs the person out of another.
// Progressive enhancement: without JavaScript (or <dialog>), the dialog is never shown.

const ACTIVITY_KEY = 'staff-session-activity'

const dialog = document.getElementById('session-timeout')
if (dialog instanceof HTMLDialogElement && typeof dialog.showModal === 'function') watch(dialog)

function watch(dialog) {
  const idleMs = Number(dialog.dataset.idleSeconds) * 1000
  const warningMs = Math.min(Number(dialog.dataset.warningSeconds) * 1000, idleMs)
  // Sign out a little before the server would, so that the sign-out still finds the session.
  const marginMs = Math.min(5000, idleMs / 10)
  const stayForm = dialog.querySelector('form[data-stay]')
  const signOutForm = dialog.querySelector('form[data-sign-out]')
  const countdown = dialog.querySelector('[data-countdown]')
  const announcement = dialog.querySelector('[data-announcement]')
  const stayButton = stayForm.querySelector('button')

  let lastActivity = Date.now()
  let ending = false
  let announced = ''
  remember(lastActivity)

  function remember(time) {
    try {
      localStorage.setItem(ACTIVITY_KEY, String(time))
    } catch {
      // Storage can be off (private browsing, a policy): each tab then keeps its own time.
    }
  }

  function latestActivity() {
    try {
      return Math.max(lastActivity, Number(localStorage.getItem(ACTIVITY_KEY)) || 0)
    } catch {
      return lastActivity
    }
  }

  function tick() {
    if (ending) return
    lastActivity = latestActivity()
    const left = lastActivity + idleMs - marginMs - Date.now()
    if (left <= 0) signOut()
    else if (left <= warningMs) warn(left)
    else if (dialog.open) hide()
  }

  function warn(left) {
    const seconds = Math.ceil(left / 1000)
    countdown.textContent = inWords(seconds)
    if (!dialog.open) {
      // Read out with the dialog (its description); the live region only speaks of changes.
      announced = inWords(spokenSeconds(seconds))
      announcement.textContent = ''
      dialog.returnValue = ''
      dialog.showModal()
      stayButton.focus()
      return
    }
    const spoken = inWords(spokenSeconds(seconds))
    if (spoken !== announced) {
      announced = spoken
      announcement.textContent = `We will sign you out in ${spoken}.`
    }
  }

  function hide() {
    dialog.close('kept')
  }

  async function staySignedIn() {
    try {
      const response = await fetch(stayForm.action, { method: 'POST', body: new URLSearchParams(new FormData(stayForm)), credentials: 'same-origin' })
      // Anything but 204 means the session has gone (signed out elsewhere, or expired).
      if (response.status !== 204) return signOut()
      lastActivity = Date.now()
      remember(lastActivity)
      if (dialog.open) hide()
    } catch {
      // No connection: the countdown carries on, and the next tick shows the warning again.
    }
  }

  async function signOut() {
    ending = true
    try {
      await fetch(signOutForm.action, { method: 'POST', body: new URLSearchParams(new FormData(signOutForm)), credentials: 'same-origin' })
    } catch {
      // The page below says the person is signed out; the server's session ends by itself.
    }
    window.location.assign(dialog.dataset.signedOutUrl)
  }

  stayForm.addEventListener('submit', (event) => {
    event.preventDefault()
    void staySignedIn()
  })
  signOutForm.addEventListener('submit', () => {
    ending = true
  })
  // Escape closes a modal dialog; here that means "Stay signed in", as in GOV.UK's pattern.
  dialog.addEventListener('close', () => {
    if (dialog.returnValue !== 'kept' && !ending) void staySignedIn()
  })
  window.addEventListener('storage', (event) => {
    if (event.key === ACTIVITY_KEY) tick()
  })
  // Checked every second against the clock, so a computer waking from sleep signs out at once.
  setInterval(tick, 1000)
}

/** What a screen reader hears: whole minutes, then every 20 seconds in the last minute. */
function spokenSeconds(seconds) {
  return seconds >= 60 ? seconds : Math.ceil(seconds / 20) * 20
}

/** As src/domain/session-timeout.ts durationInWords: "2 minutes", "45 seconds". */
function inWords(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60)
    return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`
  }
  return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`
}
