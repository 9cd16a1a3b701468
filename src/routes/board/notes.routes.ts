import { Router, type NextFunction, type Request, type Response } from 'express'
import { BoardNoteNotFoundError, StaleBoardNoteError } from '../../actions/board/board-note-record.ts'
import { changeBoardNoteStatus } from '../../actions/board/change-board-note-status.ts'
import { createBoardNote, updateBoardNote } from '../../actions/board/save-board-note.ts'
import { BOARD_NOTE_ATTENDANCE_MAX_LENGTH, BOARD_NOTE_BODY_MAX_LENGTH, BOARD_NOTE_STATUS_LABELS, type BoardNoteEvent } from '../../domain/board-note-status.ts'
import { IllegalTransitionError } from '../../domain/status-machine.ts'
import { parseBoardNote, type BoardNoteValues } from '../../forms/board/note.ts'
import { errorList, parseVersion, type Errors } from '../../forms/validation.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import { boardNote, boardNotesList, type BoardNoteView } from '../../queries/board-notes.ts'
import type { Services } from '../../services/index.ts'
import { renderMarkdown } from '../../services/markdown.ts'
import { staffActor } from '../admin/staff-actor.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const CHANGED = 'These notes changed while you were looking at them. Check them below, then make your change again.'

/** Board members and admins, who see drafts; everyone else sees only published notes. */
const seesDrafts = (req: Request) => !!req.user && (req.user.roles.includes('board-member') || req.user.roles.includes('admin'))

/**
 * /board/notes: the board's meeting summary notes. Published notes are public, newest meeting
 * first; drafts are seen by the board only (a draft's address is a 404 for anyone else); admins
 * write, change, publish and unpublish them. Changes carry the version the admin saw.
 */
export default function notesRoutes(services: Services): Router {
  const router = Router()
  const { act, read } = services
  const admin = requireStaff('admin')

  async function load(req: Request, next: NextFunction): Promise<BoardNoteView | null> {
    const id = String(req.params.id)
    const note = UUID.test(id) ? await read(boardNote, { id, withDrafts: seesDrafts(req) }) : null
    if (!note) next()
    return note
  }

  const formLocals = { attendanceLimit: BOARD_NOTE_ATTENDANCE_MAX_LENGTH, bodyLimit: BOARD_NOTE_BODY_MAX_LENGTH }

  function renderForm(res: Response, options: { note: BoardNoteView | null; values: BoardNoteValues; errors?: Errors; status?: number; version?: number }) {
    const errors = options.errors ?? {}
    const { note } = options
    res.status(options.status ?? (Object.keys(errors).length > 0 ? 400 : 200)).render('pages/board/note-form', {
      ...formLocals,
      title: note ? `Change ${note.title}` : 'Write a meeting’s summary notes',
      note,
      values: options.values,
      version: options.version ?? note?.version,
      errors,
      errorList: errorList(errors),
      formAction: note ? `/board/notes/${note.id}/edit` : '/board/notes/new',
      backLink: note ? { href: `/board/notes/${note.id}`, text: 'Back to the notes' } : { href: '/board/notes', text: 'Back to board meeting notes' },
    })
  }

  router.get('/notes', async (req, res) => {
    const notes = await read(boardNotesList, { withDrafts: seesDrafts(req) })
    res.render('pages/board/notes', { title: 'Board meeting notes', notes, canWrite: !!req.user?.roles.includes('admin'), statusLabels: BOARD_NOTE_STATUS_LABELS })
  })

  router.get('/notes/new', admin, (_req, res) => renderForm(res, { note: null, values: { title: '', meetingOn: '', attendance: '', body: '' } }))

  router.post('/notes/new', admin, async (req, res) => {
    const { values, errors } = parseBoardNote(req.body as Record<string, unknown>)
    if (Object.keys(errors).length > 0) return renderForm(res, { note: null, values, errors })
    const id = await act(createBoardNote, values, staffActor(req))
    req.session.flash = 'The notes have been saved as a draft. Only the board can see them until you publish them.'
    res.redirect(303, `/board/notes/${id}`)
  })

  router.get('/notes/:id', async (req, res, next) => {
    const note = await load(req, next)
    if (!note) return
    res.render('pages/board/note', {
      title: note.title,
      note,
      // Sanitised by renderMarkdown: the only HTML a page takes from data.
      bodyHtml: renderMarkdown(note.body),
      canWrite: !!req.user?.roles.includes('admin'),
      statusLabels: BOARD_NOTE_STATUS_LABELS,
      backLink: { href: '/board/notes', text: 'All board meeting notes' },
    })
  })

  router.get('/notes/:id/edit', admin, async (req, res, next) => {
    const note = await load(req, next)
    if (!note) return
    renderForm(res, { note, values: note })
  })

  router.post('/notes/:id/edit', admin, async (req, res, next) => {
    const note = await load(req, next)
    if (!note) return
    const body = req.body as Record<string, unknown>
    const version = parseVersion(body)
    const { values, errors } = parseBoardNote(body)
    if (Object.keys(errors).length > 0) return renderForm(res, { note, values, errors, version })
    try {
      await act(updateBoardNote, { id: note.id, version, ...values }, staffActor(req))
    } catch (error) {
      if (error instanceof BoardNoteNotFoundError) return next()
      if (error instanceof StaleBoardNoteError) return renderForm(res, { note, values, errors: { title: CHANGED }, status: 409, version: note.version })
      throw error
    }
    req.session.flash = 'The notes have been changed'
    res.redirect(303, `/board/notes/${note.id}`)
  })

  for (const event of ['publish', 'unpublish'] as const satisfies readonly BoardNoteEvent[]) {
    router.post(`/notes/:id/${event}`, admin, async (req, res, next) => {
      const note = await load(req, next)
      if (!note) return
      try {
        await act(changeBoardNoteStatus, { id: note.id, version: parseVersion(req.body as Record<string, unknown>), event }, staffActor(req))
      } catch (error) {
        if (error instanceof BoardNoteNotFoundError) return next()
        if (error instanceof StaleBoardNoteError || error instanceof IllegalTransitionError) {
          return res.status(409).render('pages/board/note-problem', { title: 'These notes have changed', message: CHANGED, note, backLink: { href: `/board/notes/${note.id}`, text: 'Back to the notes' } })
        }
        throw error
      }
      req.session.flash = event === 'publish' ? 'The notes have been published: anyone can read them now' : 'The notes are a draft again: only the board can see them'
      res.redirect(303, `/board/notes/${note.id}`)
    })
  }

  return router
}
