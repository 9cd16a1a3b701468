import { Router } from 'express'
import { changeBoardSeats } from '../../actions/board/change-board-seats.ts'
import { saveHandoverNotes } from '../../actions/board/save-handover-notes.ts'
import { BOARD_TERM_REMINDER_DAYS, HANDOVER_NOTES_LIMIT, BOARD_TERM_STATE_LABELS, MAX_BOARD_SEATS, listedOnTeam } from '../../domain/board.ts'
import { parseBoardSeats, parseHandover } from '../../forms/board/seats.ts'
import { errorList } from '../../forms/validation.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import { boardPage, boardSeatCount, ownHandoverNotes } from '../../queries/board-page.ts'
import type { Services } from '../../services/index.ts'
import { staffActor } from '../admin/staff-actor.ts'

/** /board (board members and admins): the seats, each member's term and whether /team lists them; /board/seats (admins): how many seats. */
export default function seatsRoutes(services: Services): Router {
  const router = Router()

  router.get('/', requireStaff('board-member', 'admin'), async (req, res) => {
    const page = await services.read(boardPage, {})
    res.render('pages/board/index', {
      title: 'The board',
      page,
      stateLabels: BOARD_TERM_STATE_LABELS,
      reminderDays: BOARD_TERM_REMINDER_DAYS,
      listed: (member: Parameters<typeof listedOnTeam>[0]) => listedOnTeam(member, page.today),
      isAdmin: req.user!.roles.includes('admin'),
      isMember: req.user!.roles.includes('board-member'),
    })
  })

  const seatsLocals = { title: 'How many seats does the board have?', max: MAX_BOARD_SEATS, backLink: { href: '/board', text: 'Back to the board' } }

  router.get('/seats', requireStaff('admin'), async (_req, res) => {
    res.render('pages/board/seats', { ...seatsLocals, values: { seats: String(await services.read(boardSeatCount, undefined)) } })
  })

  router.post('/seats', requireStaff('admin'), async (req, res) => {
    const { values, errors } = parseBoardSeats(req.body as Record<string, unknown>)
    if (Object.keys(errors).length > 0) return res.status(400).render('pages/board/seats', { ...seatsLocals, values, errors, errorList: errorList(errors) })
    await services.act(changeBoardSeats, { seats: Number(values.seats) }, staffActor(req))
    req.session.flash = `The board now has ${values.seats} ${values.seats === '1' ? 'seat' : 'seats'}`
    res.redirect(303, '/board')
  })

  // A board member's own handover notes, for whoever takes their seat.
  const handoverLocals = { title: 'Your handover notes', limit: HANDOVER_NOTES_LIMIT, backLink: { href: '/board', text: 'Back to the board' } }

  router.get('/handover', requireStaff('board-member'), async (req, res) => {
    res.render('pages/board/handover', { ...handoverLocals, values: { notes: await services.read(ownHandoverNotes, { staffUserId: req.user!.id }) } })
  })

  router.post('/handover', requireStaff('board-member'), async (req, res) => {
    const { values, errors } = parseHandover(req.body as Record<string, unknown>)
    if (Object.keys(errors).length > 0) return res.status(400).render('pages/board/handover', { ...handoverLocals, values, errors, errorList: errorList(errors) })
    await services.act(saveHandoverNotes, { notes: values.notes || null }, staffActor(req))
    req.session.flash = values.notes ? 'Your handover notes have been saved' : 'Your handover notes have been removed'
    res.redirect(303, '/board')
  })

  return router
}
