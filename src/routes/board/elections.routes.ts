import { Router, type Response } from 'express'
import { changeElectionRoundStatus, type SimpleRoundEvent } from '../../actions/board/elections/change-election-round-status.ts'
import { countElection } from '../../actions/board/elections/count-election.ts'
import { createElectionRound } from '../../actions/board/elections/create-election-round.ts'
import { editElectionRound, ElectionRoundNotEditableError } from '../../actions/board/elections/edit-election-round.ts'
import { NotReadyToVoteError, openVoting } from '../../actions/board/elections/open-voting.ts'
import { ElectionRoundNotFoundError, StaleElectionRoundError } from '../../actions/board/elections/round-record.ts'
import {
  ELECTION_METHOD_HINTS,
  ELECTION_METHOD_LABELS,
  ELECTION_METHODS,
  PROCEDURE_MAX_LENGTH,
  TIE_RULE_HINTS,
  TIE_RULE_LABELS,
  TIE_RULES,
  canEditRound,
  takesNominations,
} from '../../domain/board-election.ts'
import { formatVotes } from '../../domain/count-scottish-stv.ts'
import { ELECTION_ROUND_MACHINE, ELECTION_ROUND_STATUS_LABELS, type ElectionRoundEvent } from '../../domain/election-round-status.ts'
import { allows, IllegalTransitionError } from '../../domain/status-machine.ts'
import { NOMINATION_STATUS_LABELS } from '../../domain/nomination-status.ts'
import { parseRound, type RoundValues } from '../../forms/board/round.ts'
import { errorList, parseVersion, type Errors } from '../../forms/validation.ts'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import { electorList } from '../../queries/board-ballots.ts'
import { candidates, electionRounds, roundNominations, type ElectionRoundView } from '../../queries/board-elections.ts'
import type { Services } from '../../services/index.ts'
import { todayInLondon } from '../../services/role.service.ts'
import { staffActor } from '../admin/staff-actor.ts'
import { isAdmin, loadRound, roundPath, visibleCount } from './round-pages.ts'

const CHANGED = 'This election changed while you were looking at it. Check it below, then try again.'

/**
 * /board/elections: the board's election rounds. The list, each round's page and its candidates
 * are public once nominations open; admins set rounds up, open them for nominations, manage them
 * and can cancel them (each move from the version they saw).
 */
export default function electionRoutes(services: Services): Router {
  const router = Router()
  const { act, read } = services
  const admin = requireStaff('admin')

  const methodItems = (values: Partial<RoundValues>) => ELECTION_METHODS.map((value) => ({ value, text: ELECTION_METHOD_LABELS[value], hint: { text: ELECTION_METHOD_HINTS[value] }, checked: values.method === value }))
  const tieItems = (values: Partial<RoundValues>) => TIE_RULES.map((value) => ({ value, text: TIE_RULE_LABELS[value], hint: { text: TIE_RULE_HINTS[value] }, checked: values.tieRule === value }))

  function renderNew(res: Response, values: Partial<RoundValues>, errors: Errors = {}) {
    renderRoundForm(res, { title: 'Set up a board election', formAction: '/board/elections/new', submitText: 'Set up the election', backLink: { href: '/board/elections', text: 'Back to board elections' } }, values, errors)
  }

  function renderEdit(res: Response, round: ElectionRoundView, values: Partial<RoundValues>, errors: Errors = {}) {
    const path = roundPath(round)
    renderRoundForm(res, { title: `Change ${round.name}`, formAction: `${path}/edit`, submitText: 'Save the changes', version: round.version, backLink: { href: `${path}/manage`, text: `Back to managing ${round.name}` } }, values, errors)
  }

  function renderRoundForm(res: Response, page: { title: string; formAction: string; submitText: string; version?: number; backLink: { href: string; text: string } }, values: Partial<RoundValues>, errors: Errors) {
    res.status(Object.keys(errors).length > 0 ? 400 : 200).render('pages/board/elections/new', {
      ...page,
      values,
      errors,
      errorList: errorList(errors),
      methodItems: methodItems(values),
      tieItems: tieItems(values),
      procedureLimit: PROCEDURE_MAX_LENGTH,
    })
  }

  router.get('/elections', async (req, res) => {
    res.render('pages/board/elections/index', { title: 'Board elections', rounds: await read(electionRounds, { withDrafts: isAdmin(req) }), statusLabels: ELECTION_ROUND_STATUS_LABELS, canManage: isAdmin(req) })
  })

  router.get('/elections/new', admin, (_req, res) => renderNew(res, { method: '', tieRule: '' }))

  router.post('/elections/new', admin, async (req, res) => {
    const { values, errors, round } = parseRound(req.body as Record<string, unknown>, todayInLondon())
    if (!round) return renderNew(res, values, errors)
    const slug = await act(createElectionRound, round, staffActor(req))
    req.session.flash = `${round.name} has been set up. Open it for nominations when you are ready.`
    res.redirect(303, `/board/elections/${slug}/manage`)
  })

  // Changing a round's details: until nominations close, from the version the admin saw.
  router.get('/elections/:round/edit', admin, async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    if (!canEditRound(round, todayInLondon())) return notEditable(res, round)
    renderEdit(res, round, { ...round, seats: String(round.seats) })
  })

  router.post('/elections/:round/edit', admin, async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    const today = todayInLondon()
    const { values, errors, round: details } = parseRound(req.body as Record<string, unknown>, today, round)
    if (!details) return renderEdit(res, round, values, errors)
    try {
      await act(editElectionRound, { roundId: round.id, version: parseVersion(req.body as Record<string, unknown>), details, today }, staffActor(req))
    } catch (error) {
      if (error instanceof ElectionRoundNotFoundError) return next()
      if (error instanceof ElectionRoundNotEditableError) return notEditable(res, round)
      if (error instanceof StaleElectionRoundError) return res.status(409).render('pages/board/elections/problem', { title: 'This election has changed', message: CHANGED, round })
      throw error
    }
    req.session.flash = `The changes to ${details.name} have been saved`
    res.redirect(303, `${roundPath(round)}/manage`)
  })

  const notEditable = (res: Response, round: ElectionRoundView) =>
    res.status(409).render('pages/board/elections/problem', { title: 'This election can no longer be changed', message: 'Nominations have closed, so the election’s details stay as they were published.', round })

  router.get('/elections/:round', async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    const results = await visibleCount(services, req, round)
    res.render('pages/board/elections/round', {
      title: round.name,
      round,
      count: results?.count ?? null,
      names: results?.names ?? {},
      formatVotes,
      canPublish: round.status === 'counted' && isAdmin(req),
      candidateCount: (await read(candidates, { roundId: round.id })).length,
      takingNominations: takesNominations(round, todayInLondon()),
      methodLabels: ELECTION_METHOD_LABELS,
      tieLabels: TIE_RULE_LABELS,
      statusLabels: ELECTION_ROUND_STATUS_LABELS,
      canManage: isAdmin(req),
      backLink: { href: '/board/elections', text: 'All board elections' },
    })
  })

  router.get('/elections/:round/candidates', async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    res.render('pages/board/elections/candidates', {
      title: `Candidates: ${round.name}`,
      round,
      candidates: await read(candidates, { roundId: round.id }),
      backLink: { href: roundPath(round), text: `Back to ${round.name}` },
    })
  })

  router.get('/elections/:round/manage', admin, async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    res.render('pages/board/elections/manage', {
      title: `Manage ${round.name}`,
      round,
      nominations: await read(roundNominations, { roundId: round.id }),
      electors: await read(electorList, { roundId: round.id }),
      candidateCount: (await read(candidates, { roundId: round.id })).length,
      can: (event: ElectionRoundEvent) => allows(ELECTION_ROUND_MACHINE, round.status, event),
      canEdit: canEditRound(round, todayInLondon()),
      statusLabels: ELECTION_ROUND_STATUS_LABELS,
      nominationLabels: NOMINATION_STATUS_LABELS,
      methodLabels: ELECTION_METHOD_LABELS,
      tieLabels: TIE_RULE_LABELS,
      backLink: { href: roundPath(round), text: `Back to ${round.name}` },
    })
  })

  const moves: Record<string, { event: SimpleRoundEvent; done: string }> = {
    'open-nominations': { event: 'open_nominations', done: 'The election is open for nominations' },
    cancel: { event: 'cancel', done: 'The election has been cancelled' },
  }
  for (const [path, { event, done }] of Object.entries(moves)) {
    router.post(`/elections/:round/${path}`, admin, async (req, res, next) => {
      const round = await loadRound(services, req, next)
      if (!round) return
      try {
        await act(changeElectionRoundStatus, { roundId: round.id, version: parseVersion(req.body as Record<string, unknown>), event }, staffActor(req))
      } catch (error) {
        if (error instanceof ElectionRoundNotFoundError) return next()
        if (error instanceof StaleElectionRoundError || error instanceof IllegalTransitionError) {
          return res.status(409).render('pages/board/elections/problem', { title: 'This election has changed', message: CHANGED, round })
        }
        throw error
      }
      req.session.flash = done
      res.redirect(303, `${roundPath(round)}/manage`)
    })
  }

  // Opening voting emails every elector their ballot link; counting closes voting.
  router.post('/elections/:round/open-voting', admin, async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    try {
      const sent = await act(openVoting, { roundId: round.id, version: parseVersion(req.body as Record<string, unknown>) }, staffActor(req))
      req.session.flash = `Voting is open: ${sent === 1 ? '1 elector has' : `${sent} electors have`} been emailed a ballot link`
    } catch (error) {
      if (error instanceof ElectionRoundNotFoundError) return next()
      if (error instanceof NotReadyToVoteError) {
        const message = error.missing === 'candidates' ? 'Publish at least one candidate before voting opens.' : 'Add the electors before voting opens.'
        return res.status(409).render('pages/board/elections/problem', { title: 'Voting cannot open yet', message, round })
      }
      if (error instanceof StaleElectionRoundError || error instanceof IllegalTransitionError) {
        return res.status(409).render('pages/board/elections/problem', { title: 'This election has changed', message: CHANGED, round })
      }
      throw error
    }
    res.redirect(303, `${roundPath(round)}/manage`)
  })

  router.post('/elections/:round/count', admin, async (req, res, next) => {
    const round = await loadRound(services, req, next)
    if (!round) return
    try {
      await act(countElection, { roundId: round.id, version: parseVersion(req.body as Record<string, unknown>) }, staffActor(req))
    } catch (error) {
      if (error instanceof ElectionRoundNotFoundError) return next()
      if (error instanceof StaleElectionRoundError || error instanceof IllegalTransitionError) {
        return res.status(409).render('pages/board/elections/problem', { title: 'This election has changed', message: CHANGED, round })
      }
      throw error
    }
    req.session.flash = 'Voting has closed and the votes have been counted. Check the count, then publish the results.'
    res.redirect(303, `${roundPath(round)}/manage`)
  })

  return router
}
