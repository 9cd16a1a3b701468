import { Router } from 'express'
import { setAvailability } from '../../actions/conversations/set-availability.ts'
import { formatTimeRange } from '../../domain/conversation.ts'
import { asList } from '../../forms/validation.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import { upcomingTimes } from '../../queries/availability.ts'
import type { Services } from '../../services/index.ts'

/** A board member's own page: which of the conversation times coming up suit them, for community managers choosing who joins. */
export default function availabilityRoutes(services: Services): Router {
  const router = Router()

  router.get('/availability', requireStaff('board-member'), async (req, res) => {
    const times = await services.read(upcomingTimes, { staffUserId: req.user!.id })
    res.render('pages/review/availability', {
      title: 'Conversation times that suit you',
      times: times.map((time) => ({ ...time, text: formatTimeRange(time) })),
      formAction: '/review/availability',
      backLink: { href: '/review', text: 'Back to the applications' },
    })
  })

  router.post('/availability', requireStaff('board-member'), async (req, res) => {
    const body = req.body as Record<string, unknown>
    await services.act(setAvailability, { shownSlotIds: asList(body.shown), suitingSlotIds: asList(body.suits) }, { type: 'staff', id: req.user!.id })
    req.session.flash = 'Saved. Community managers see which times suit you when they offer times.'
    res.redirect(303, '/review/availability')
  })

  return router
}
