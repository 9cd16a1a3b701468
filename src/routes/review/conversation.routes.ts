import { Router, type Request, type Response } from 'express'
import { cancelConversation, rescheduleConversation } from '../../actions/conversations/change-conversation.ts'
import { TimeTakenError } from '../../actions/conversations/conversation-locks.ts'
import { offerConversationTimes, TimesUnavailableError } from '../../actions/conversations/offer-conversation-times.ts'
import { recordConversationNotes } from '../../actions/conversations/record-conversation-notes.ts'
import { QuorumNotReachedError } from '../../actions/decisions/index.ts'
import { STATUS_LABELS } from '../../domain/application-status.ts'
import { IllegalTransitionError } from '../../domain/status-machine.ts'
import {
  CONVERSATION_DURATIONS,
  CONVERSATION_HOW_LABELS,
  CONVERSATION_NOTES_LIMIT,
  CONVERSATION_RECOMMENDATION_LABELS,
  CONVERSATION_STATUS_LABELS,
  CONVERSATION_TEXT_LIMIT,
  formatTimeRange,
  MAX_SLOTS,
} from '../../domain/conversation.ts'
import { normaliseReference } from '../../domain/reference.ts'
import { parseConversationChange, parseConversationNotes, parseConversationOffer, timeFieldId, type ConversationOfferValues, type TimeProblem } from '../../forms/conversation.ts'
import { errorList, type Errors } from '../../forms/validation.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import { conversationPage, type ConversationPage } from '../../queries/conversation-page.ts'
import { askableTimeIds } from '../../queries/conversation-link.ts'
import { StaleApplicationError } from '../../services/application-status.service.ts'
import type { Services } from '../../services/index.ts'

const CHANGED = 'This application changed while you were looking at it. Check it below, then offer the times again.'

const EMPTY: ConversationOfferValues = {
  version: 0,
  times: Array.from({ length: MAX_SLOTS }, () => ({ day: '', month: '', year: '', time: '' })),
  duration: '20',
  how: '',
  videoLink: '',
  address: '',
  boardMemberIds: [],
  note: '',
}

/**
 * A conversation with the applicant, from the staff side: a community manager offers times
 * (/conversation/new), moves or cancels it; each staff member taking part records notes.
 */
export default function conversationRoutes(services: Services): Router {
  const router = Router()
  const base = '/applications/:reference/conversation'

  async function load(req: Request): Promise<ConversationPage | null> {
    const reference = normaliseReference(String(req.params.reference))
    return reference ? services.read(conversationPage, { reference, staffUserId: req.user!.id }) : null
  }
  const hrefOf = (page: ConversationPage) => `/review/applications/${page.application.reference}/conversation`
  const takesPart = (page: ConversationPage, staffId: string) => page.staff.some((person) => person.id === staffId)

  function renderOffer(res: Response, page: ConversationPage, values: ConversationOfferValues, errors: Errors, timeProblems: (TimeProblem | null)[] = [], status = 200) {
    res.status(status).render('pages/review/conversation-new', {
      title: `Offer times for a conversation about ${page.application.reference}`,
      page,
      values: { ...values, version: page.application.version },
      errors,
      errorList: errorList(errors),
      timeProblems,
      timeFieldId,
      durations: CONVERSATION_DURATIONS,
      howLabels: CONVERSATION_HOW_LABELS,
      textLimit: CONVERSATION_TEXT_LIMIT,
      formatTimeRange,
      formAction: `${hrefOf(page)}/new`,
      backLink: { href: `/review/applications/${page.application.reference}`, text: 'Back to the application' },
    })
  }

  router.get(`${base}/new`, requireStaff('community-manager'), async (req, res, next) => {
    const page = await load(req)
    if (!page) return next()
    if (!page.canOffer) return res.redirect(303, hrefOf(page))
    renderOffer(res, page, EMPTY, {})
  })

  router.post(`${base}/new`, requireStaff('community-manager'), async (req, res, next) => {
    const page = await load(req)
    if (!page) return next()
    const now = new Date()
    const parsed = parseConversationOffer(req.body as Record<string, unknown>, { now, boardMemberIds: page.boardMembers.map((member) => member.id) })
    if (parsed.values.version !== page.application.version || !page.canOffer) return renderOffer(res, page, parsed.values, { 'slot1-day': CHANGED }, [], 409)
    if (Object.keys(parsed.errors).length > 0) return renderOffer(res, page, parsed.values, parsed.errors, parsed.timeProblems, 400)
    const { values } = parsed
    try {
      await services.act(
        offerConversationTimes,
        {
          reference: page.application.reference,
          version: values.version,
          times: parsed.ranges,
          how: values.how as Exclude<typeof values.how, ''>,
          location: values.how === 'video' ? values.videoLink : values.address,
          note: values.note,
          boardMemberIds: values.boardMemberIds,
          now,
        },
        { type: 'staff', id: req.user!.id },
      )
    } catch (error) {
      if (error instanceof TimesUnavailableError) {
        // The times typed, in order: the first ones not left blank.
        const filled = values.times.map((time, index) => ({ time, index })).filter(({ time }) => time.day || time.month || time.year || time.time)
        const problems: (TimeProblem | null)[] = values.times.map(() => null)
        const errors: Errors = {}
        for (const clash of error.indexes) {
          const index = filled[clash]?.index ?? clash
          problems[index] = { message: `The ${['first', 'second', 'third', 'fourth', 'fifth', 'sixth'][index]} time overlaps a conversation already booked with another applicant`, parts: ['day', 'month', 'year', 'time'] }
          errors[timeFieldId(index, 'day')] = problems[index].message
        }
        return renderOffer(res, page, values, errors, problems, 400)
      }
      const fresh = (await load(req)) ?? page
      if (error instanceof StaleApplicationError || error instanceof IllegalTransitionError) return renderOffer(res, fresh, values, { 'slot1-day': CHANGED }, [], 409)
      if (error instanceof QuorumNotReachedError) return renderOffer(res, fresh, values, { 'slot1-day': `A conversation needs ${error.quorum} board reviews first` }, [], 400)
      throw error
    }
    req.session.flash = 'Times offered. We have emailed the applicant a link to choose one.'
    res.redirect(303, hrefOf(page))
  })

  // The conversation as it stands: for community managers, and the board members taking part.
  router.get(base, requireStaff('community-manager', 'board-member'), async (req, res, next) => {
    const page = await load(req)
    if (!page) return next()
    const manager = req.user!.roles.includes('community-manager')
    if (!manager && !takesPart(page, req.user!.id)) return next()
    res.render('pages/review/conversation', {
      title: `Conversation about ${page.application.reference}`,
      page,
      manager,
      takesPart: takesPart(page, req.user!.id),
      started: !!page.conversation?.booked && page.conversation.booked.startsAt <= new Date(),
      statusLabel: STATUS_LABELS[page.application.status],
      conversationLabels: CONVERSATION_STATUS_LABELS,
      howLabels: CONVERSATION_HOW_LABELS,
      recommendationLabels: CONVERSATION_RECOMMENDATION_LABELS,
      formatTimeRange,
      backLink: { href: `/review/applications/${page.application.reference}`, text: 'Back to the application' },
    })
  })

  function renderChange(res: Response, page: ConversationPage, kind: 'move' | 'cancel', values: { slotId: string; reason: string }, errors: Errors, status = 200) {
    const conversation = page.conversation!
    res.status(status).render('pages/review/conversation-change', {
      title: kind === 'move' ? 'Move the conversation to another time' : 'Cancel the conversation',
      page,
      kind,
      values,
      errors,
      errorList: errorList(errors),
      times: conversation.times.filter((time) => time.free && time.id !== conversation.slotId).map((time) => ({ id: time.id, text: formatTimeRange(time) })),
      booked: conversation.booked ? formatTimeRange(conversation.booked) : '',
      textLimit: CONVERSATION_TEXT_LIMIT,
      formAction: `${hrefOf(page)}/${kind}`,
      backLink: { href: hrefOf(page), text: 'Back to the conversation' },
    })
  }

  for (const kind of ['move', 'cancel'] as const) {
    const movable = (page: ConversationPage) => (kind === 'move' ? page.conversation?.status === 'booked' : ['offered', 'booked', 'none_suit'].includes(page.conversation?.status ?? ''))

    router.get(`${base}/${kind}`, requireStaff('community-manager'), async (req, res, next) => {
      const page = await load(req)
      if (!page) return next()
      if (!movable(page)) return res.redirect(303, hrefOf(page))
      renderChange(res, page, kind, { slotId: '', reason: '' }, {})
    })

    router.post(`${base}/${kind}`, requireStaff('community-manager'), async (req, res, next) => {
      const page = await load(req)
      if (!page) return next()
      if (!movable(page)) return res.redirect(303, hrefOf(page))
      const conversation = page.conversation!
      const { values, errors } = parseConversationChange(req.body as Record<string, unknown>, kind === 'move' ? askableTimeIds(conversation) : null)
      if (Object.keys(errors).length > 0) return renderChange(res, page, kind, values, errors, 400)
      const actor = { type: 'staff' as const, id: req.user!.id }
      const locator = { applicationId: page.application.id }
      try {
        const result =
          kind === 'move'
            ? await services.act(rescheduleConversation, { locator, slotId: values.slotId, reason: values.reason }, actor)
            : await services.act(cancelConversation, { locator, reason: values.reason }, actor)
        if (!result.done) return res.redirect(303, hrefOf(page))
      } catch (error) {
        if (!(error instanceof TimeTakenError)) throw error
        const fresh = (await load(req)) ?? page
        return renderChange(res, fresh, kind, { slotId: '', reason: values.reason }, { slotId: 'That time has just been booked with another applicant. Select another time' }, 409)
      }
      req.session.flash = kind === 'move' ? 'Conversation moved. We have emailed everyone taking part.' : 'Conversation cancelled. We have emailed everyone taking part.'
      res.redirect(303, hrefOf(page))
    })
  }

  function renderNotes(res: Response, page: ConversationPage, values: { notes: string; recommendation: string }, errors: Errors, status = 200) {
    res.status(status).render('pages/review/conversation-notes', {
      title: 'Your notes on the conversation',
      page,
      values,
      errors,
      errorList: errorList(errors),
      recommendationLabels: CONVERSATION_RECOMMENDATION_LABELS,
      notesLimit: CONVERSATION_NOTES_LIMIT,
      formAction: `${hrefOf(page)}/notes`,
      backLink: { href: hrefOf(page), text: 'Back to the conversation' },
    })
  }

  // Notes: only the staff taking part, once the booked conversation has begun; each person's own.
  const noteable = (page: ConversationPage, staffId: string) =>
    page.conversation?.status === 'booked' && !!page.conversation.booked && page.conversation.booked.startsAt <= new Date() && takesPart(page, staffId)
  const mine = (page: ConversationPage, staffId: string) => page.notes.find((note) => note.staffUserId === staffId)

  router.get(`${base}/notes`, requireStaff('community-manager', 'board-member'), async (req, res, next) => {
    const page = await load(req)
    if (!page || !noteable(page, req.user!.id)) return next()
    const own = mine(page, req.user!.id)
    if (own?.submitted) return res.redirect(303, hrefOf(page))
    renderNotes(res, page, { notes: own?.notes ?? '', recommendation: own?.recommendation ?? '' }, {})
  })

  router.post(`${base}/notes`, requireStaff('community-manager', 'board-member'), async (req, res, next) => {
    const page = await load(req)
    if (!page || !noteable(page, req.user!.id)) return next()
    const body = req.body as Record<string, unknown>
    const { values, errors } = parseConversationNotes(body)
    if (Object.keys(errors).length > 0) return renderNotes(res, page, values, errors, 400)
    const submit = body.submit === 'yes'
    const result = await services.act(
      recordConversationNotes,
      { conversationId: page.conversation!.id, notes: values.notes, recommendation: values.recommendation as Exclude<typeof values.recommendation, ''>, submit },
      { type: 'staff', id: req.user!.id },
    )
    req.session.flash = result === 'submitted-already' ? 'Your notes were already sent.' : submit ? 'Notes sent.' : 'Notes saved. Only you can see them until you send them.'
    res.redirect(303, hrefOf(page))
  })

  return router
}
