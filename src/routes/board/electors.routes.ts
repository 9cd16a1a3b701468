import { Router, type NextFunction, type Request, type Response } from 'express'
import {
  addBoardAsElectors,
  confirmElectorUpload,
  discardElectorUpload,
  ElectorNotFoundError,
  ElectorsFixedError,
  ElectorUploadNotFoundError,
  removeElector,
  stageElectorUpload,
} from '../../actions/board/elections/electors.ts'
import { ELECTOR_LIST_ROUND_STATUSES } from '../../domain/election-round-status.ts'
import { ELECTOR_UPLOAD_MAX_ROWS, parseElectorsCsv } from '../../forms/board/electors-csv.ts'
import { type ErrorSummaryItem } from '../../forms/validation.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import type { ElectionRoundView } from '../../queries/board-elections.ts'
import { elector, electorList, electorUpload } from '../../queries/board-ballots.ts'
import type { Services } from '../../services/index.ts'
import { staffActor } from '../admin/staff-actor.ts'
import { loadRound, roundPath, UUID } from './round-pages.ts'

const FIXED = 'Voting has opened, so the electors can no longer change.'

/**
 * /board/elections/:round/electors (admins): who may vote. A CSV of email addresses is read and
 * every row checked; a file with a bad row is refused whole, each bad row named with its line;
 * a good one is shown for the admin to confirm, and only then added, all at once. The current
 * board can be added too, and electors taken off one by one, each after a page that asks. The
 * list is fixed once voting opens.
 */
export default function electorRoutes(services: Services): Router {
  const router = Router()
  router.use('/elections/:round/electors', requireStaff('admin'))
  const base = (round: ElectionRoundView) => `${roundPath(round)}/electors`

  async function renderList(res: Response, round: ElectionRoundView, options: { status?: number; errorList?: ErrorSummaryItem[]; fileError?: string | null; rowErrors?: string[]; message?: string } = {}) {
    res.status(options.status ?? 200).render('pages/board/elections/electors', {
      title: `Electors: ${round.name}`,
      round,
      electors: await services.read(electorList, { roundId: round.id }),
      open: ELECTOR_LIST_ROUND_STATUSES.includes(round.status),
      errors: options.errorList?.length ? { electors: options.fileError ?? 'The file has errors' } : {},
      errorList: options.errorList ?? [],
      fileError: options.fileError ?? null,
      rowErrors: options.rowErrors ?? [],
      message: options.message ?? null,
      maxRows: ELECTOR_UPLOAD_MAX_ROWS,
      backLink: { href: `${roundPath(round)}/manage`, text: `Back to ${round.name}` },
    })
  }

  async function refused(error: unknown, res: Response, round: ElectionRoundView, next: NextFunction) {
    if (error instanceof ElectorUploadNotFoundError) return next()
    if (error instanceof ElectorsFixedError) return renderList(res, round, { status: 409, message: FIXED })
    throw error
  }

  router.get('/elections/:round/electors', async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (round) await renderList(res, round)
  })

  router.post('/elections/:round/electors/upload', async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    const file = (req as Request & { file?: { buffer: Buffer } }).file
    const parsed = req.uploadError ? { emails: [], errors: [], fileError: req.uploadError } : parseElectorsCsv(file?.buffer ?? null)
    if (parsed.fileError || parsed.errors.length > 0) {
      const count = parsed.errors.length
      const fileError = parsed.fileError ?? `The file has ${count === 1 ? '1 row' : `${count} rows`} with a problem: correct ${count === 1 ? 'it' : 'them'} and upload the file again. Nothing has been added.`
      return renderList(res, round, { status: 400, errorList: [{ text: fileError, href: '#electors' }], fileError, rowErrors: parsed.errors.map((row) => row.message) })
    }
    try {
      const uploadId = await services.act(stageElectorUpload, { roundId: round.id, emails: parsed.emails }, staffActor(req))
      res.redirect(303, `${base(round)}/uploads/${uploadId}`)
    } catch (error) {
      await refused(error, res, round, next)
    }
  })

  async function loadUpload(req: Request, next: NextFunction) {
    const round = await loadRound(services, req, next)
    if (!round) return null
    const id = String(req.params.uploadId)
    const upload = UUID.test(id) ? await services.read(electorUpload, { roundId: round.id, uploadId: id, staffUserId: req.user!.id }) : null
    if (!upload) {
      next()
      return null
    }
    return { round, upload }
  }

  router.get('/elections/:round/electors/uploads/:uploadId', async (req, res, next) => {
    const found = await loadUpload(req, next)
    if (!found) return
    res.render('pages/board/elections/electors-preview', {
      title: 'Check the electors before adding them',
      round: found.round,
      upload: found.upload,
      path: `${base(found.round)}/uploads/${found.upload.id}`,
      backLink: { href: base(found.round), text: 'Back to the electors' },
    })
  })

  router.post('/elections/:round/electors/uploads/:uploadId', async (req, res, next) => {
    const found = await loadUpload(req, next)
    if (!found) return
    try {
      const added = await services.act(confirmElectorUpload, { roundId: found.round.id, uploadId: found.upload.id }, staffActor(req))
      req.session.flash = `${added === 1 ? '1 elector has' : `${added} electors have`} been added`
      res.redirect(303, base(found.round))
    } catch (error) {
      await refused(error, res, found.round, next)
    }
  })

  router.post('/elections/:round/electors/uploads/:uploadId/discard', async (req, res, next) => {
    const found = await loadUpload(req, next)
    if (!found) return
    await services.act(discardElectorUpload, { roundId: found.round.id, uploadId: found.upload.id }, staffActor(req))
    req.session.flash = 'The file has been discarded: nobody was added'
    res.redirect(303, base(found.round))
  })

  async function loadElector(req: Request, next: NextFunction) {
    const round = await loadRound(services, req, next)
    if (!round) return null
    const id = String(req.params.electorId)
    const found = UUID.test(id) ? await services.read(elector, { roundId: round.id, electorId: id }) : null
    if (!found) {
      next()
      return null
    }
    return { round, elector: found }
  }

  router.get('/elections/:round/electors/:electorId/remove', async (req, res, next) => {
    const found = await loadElector(req, next)
    if (!found) return
    if (!ELECTOR_LIST_ROUND_STATUSES.includes(found.round.status)) return renderList(res, found.round, { status: 409, message: FIXED })
    res.render('pages/board/elections/elector-remove', {
      title: 'Remove this elector?',
      round: found.round,
      elector: found.elector,
      path: `${base(found.round)}/${found.elector.id}/remove`,
      backLink: { href: base(found.round), text: 'Back to the electors' },
    })
  })

  router.post('/elections/:round/electors/:electorId/remove', async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    const id = String(req.params.electorId)
    if (!UUID.test(id)) return next()
    try {
      await services.act(removeElector, { roundId: round.id, electorId: id }, staffActor(req))
      req.session.flash = 'The elector has been removed'
    } catch (error) {
      // Already gone (a second click, or another admin): the list shows how things stand.
      if (!(error instanceof ElectorNotFoundError)) return refused(error, res, round, next)
      req.session.flash = 'That elector is no longer on the list'
    }
    res.redirect(303, base(round))
  })

  router.post('/elections/:round/electors/board', async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    try {
      const added = await services.act(addBoardAsElectors, { roundId: round.id }, staffActor(req))
      req.session.flash = `${added === 1 ? '1 board member has' : `${added} board members have`} been added as electors`
      res.redirect(303, base(round))
    } catch (error) {
      await refused(error, res, round, next)
    }
  })

  return router
}
