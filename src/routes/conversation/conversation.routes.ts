import { Router, type Response } from 'express'
import { cancelConversation, rescheduleConversation } from '../../actions/conversations/change-conversation.ts'
import { TimeTakenError, type ConversationResult } from '../../actions/conversations/conversation-locks.ts'
import { pickConversationTime, sayNoTimeSuits } from '../../actions/conversations/pick-conversation-time.ts'
import { CONVERSATION_HOW_LABELS, CONVERSATION_TEXT_LIMIT, formatDay, formatTimeRange } from '../../domain/conversation.ts'
import { parseConversationChange, parseTimePick } from '../../forms/conversation.ts'
import { errorList, type Errors } from '../../forms/validation.ts'
import { askableTimeIds, conversationLinkState, type ConversationLinkState, type ConversationRow } from '../../queries/conversation-link.ts'
import { APPLICANT } from '../../services/audit.ts'
import type { Services } from '../../services/index.ts'

const TAKEN = 'That time has just been taken by someone else. Choose another time, or tell us none of them suits you'

/** The times still free for this applicant, in words, leaving out the one they hold. */
export function freeTimes(conversation: ConversationRow): { id: string; text: string }[] {
  return conversation.times.filter((time) => time.free && time.id !== conversation.slotId).map((time) => ({ id: time.id, text: formatTimeRange(time) }))
}

/**
 * The link in a conversation invitation: the applicant picks a time, or says none suits; then,
 * while it is booked, moves or cancels it. GETs only show; POSTs act (a mail scanner following the
 * link changes nothing). The link is the credential, as the offer links are.
 */
export default function conversationLinkRoutes(services: Services): Router {
  const router = Router()
  const { act, read } = services

  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store')
    next()
  })

  const common = { howLabels: CONVERSATION_HOW_LABELS, formatTimeRange, textLimit: CONVERSATION_TEXT_LIMIT }

  /** The page for where the link stands; `form` pages show what was typed and the errors. */
  function renderState(res: Response, token: string, state: ConversationLinkState, options: { values?: Record<string, string>; errors?: Errors; status?: number } = {}) {
    const errors = options.errors ?? {}
    const values = options.values ?? {}
    switch (state.kind) {
      case 'malformed':
      case 'unknown':
        return res.status(state.kind === 'malformed' ? 400 : 404).render('pages/conversation/link-problem', { title: 'This link does not work' })
      case 'open':
        return res.status(options.status ?? 200).render('pages/conversation/pick', {
          ...common,
          title: 'Choose a time for your conversation',
          conversation: state.conversation,
          times: freeTimes(state.conversation),
          lastDay: formatDay(state.conversation.expiresAt),
          values,
          errors,
          errorList: errorList(errors),
          formAction: `/conversation/${token}`,
        })
      default:
        return res.status(options.status ?? (state.kind === 'expired' ? 410 : 200)).render('pages/conversation/state', {
          ...common,
          title: {
            expired: 'This link has expired',
            cancelled: 'This conversation is cancelled',
            none_suit: 'We will be in touch with other times',
            booked: 'Your conversation is booked',
          }[state.kind],
          state,
          conversation: state.conversation,
          changeHref: `/conversation/${token}/change`,
          cancelHref: `/conversation/${token}/cancel`,
          canChange: state.kind === 'booked' && freeTimes(state.conversation).length > 0,
        })
    }
  }

  router.get('/:token', async (req, res) => {
    const token = String(req.params.token)
    renderState(res, token, await read(conversationLinkState, { token }))
  })

  router.post('/:token', async (req, res) => {
    const token = String(req.params.token)
    const state = await read(conversationLinkState, { token })
    if (state.kind !== 'open') return renderState(res, token, state, { status: state.kind === 'malformed' || state.kind === 'unknown' ? undefined : 409 })
    const { values, errors } = parseTimePick(req.body as Record<string, unknown>, askableTimeIds(state.conversation))
    if (Object.keys(errors).length > 0) return renderState(res, token, state, { values, errors, status: 400 })
    let result: ConversationResult
    try {
      result =
        values.slotId === 'none'
          ? await act(sayNoTimeSuits, { token, suggestion: values.suggestion }, APPLICANT)
          : await act(pickConversationTime, { token, slotId: values.slotId }, APPLICANT)
    } catch (error) {
      if (!(error instanceof TimeTakenError)) throw error
      // Someone else booked it a moment before: nothing was written; show the times left.
      return renderState(res, token, await read(conversationLinkState, { token }), { values: { suggestion: values.suggestion }, errors: { slotId: TAKEN }, status: 409 })
    }
    if (!result.done) return renderState(res, token, result.state, { status: 409 })
    req.session.flash = values.slotId === 'none' ? 'Thank you. We have told the community manager.' : 'Your conversation is booked. We have emailed you a calendar invitation.'
    res.redirect(303, `/conversation/${token}`)
  })

  function renderChange(res: Response, token: string, conversation: ConversationRow, kind: 'change' | 'cancel', values: { slotId: string; reason: string }, errors: Errors, status = 200) {
    res.status(status).render('pages/conversation/change', {
      ...common,
      title: kind === 'change' ? 'Change the time of your conversation' : 'Cancel your conversation',
      kind,
      conversation,
      times: freeTimes(conversation),
      values,
      errors,
      errorList: errorList(errors),
      formAction: `/conversation/${token}/${kind}`,
      backLink: { href: `/conversation/${token}`, text: 'Back' },
    })
  }

  for (const kind of ['change', 'cancel'] as const) {
    const allows = (state: ConversationLinkState): state is Extract<ConversationLinkState, { conversation: ConversationRow }> =>
      kind === 'change' ? state.kind === 'booked' : state.kind === 'booked' || state.kind === 'open' || state.kind === 'none_suit'

    router.get(`/:token/${kind}`, async (req, res) => {
      const token = String(req.params.token)
      const state = await read(conversationLinkState, { token })
      if (!allows(state)) return renderState(res, token, state)
      renderChange(res, token, state.conversation, kind, { slotId: '', reason: '' }, {})
    })

    router.post(`/:token/${kind}`, async (req, res) => {
      const token = String(req.params.token)
      const state = await read(conversationLinkState, { token })
      if (!allows(state)) return renderState(res, token, state, { status: state.kind === 'malformed' || state.kind === 'unknown' ? undefined : 409 })
      const { values, errors } = parseConversationChange(req.body as Record<string, unknown>, kind === 'change' ? askableTimeIds(state.conversation) : null)
      if (Object.keys(errors).length > 0) return renderChange(res, token, state.conversation, kind, values, errors, 400)
      let result: ConversationResult
      try {
        result =
          kind === 'change'
            ? await act(rescheduleConversation, { locator: { token }, slotId: values.slotId, reason: values.reason }, APPLICANT)
            : await act(cancelConversation, { locator: { token }, reason: values.reason }, APPLICANT)
      } catch (error) {
        if (!(error instanceof TimeTakenError)) throw error
        const fresh = await read(conversationLinkState, { token })
        if (!allows(fresh)) return renderState(res, token, fresh, { status: 409 })
        return renderChange(res, token, fresh.conversation, kind, { slotId: '', reason: values.reason }, { slotId: TAKEN.replace(', or tell us none of them suits you', '') }, 409)
      }
      if (!result.done) return renderState(res, token, result.state, { status: 409 })
      req.session.flash = kind === 'change' ? 'Your conversation has moved. We have emailed everyone an updated calendar invitation.' : 'Your conversation is cancelled. We have told everyone taking part.'
      res.redirect(303, `/conversation/${token}`)
    })
  }

  return router
}
