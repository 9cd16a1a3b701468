import type { NextFunction, Request } from 'express'
import { electionCount } from '../../queries/board-ballots.ts'
import { electionRound, type ElectionRoundView } from '../../queries/board-elections.ts'
import type { Services } from '../../services/index.ts'

// What the election pages share: the round in the path, and who may see a draft.

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export const isAdmin = (req: Request) => !!req.user?.roles.includes('admin')

export const roundPath = (round: Pick<ElectionRoundView, 'slug'>) => `/board/elections/${round.slug}`

/** The round in the path (`:round`), or a 404 for anything else; a draft round is seen by admins only. */
export async function loadRound(services: Services, req: Request, next: NextFunction): Promise<ElectionRoundView | null> {
  const slug = String(req.params.round)
  const round = SLUG.test(slug) && slug.length <= 80 ? await services.read(electionRound, { slug, withDrafts: isAdmin(req) }) : null
  if (!round) next()
  return round
}

/** The round's count with its candidates' names, once published; admins see it as soon as it is counted. */
export async function visibleCount(services: Services, req: Request, round: ElectionRoundView) {
  const visible = round.status === 'published' || (round.status === 'counted' && isAdmin(req))
  const count = visible ? await services.read(electionCount, { roundId: round.id }) : null
  if (!count) return null
  return { count, names: Object.fromEntries(count.candidates.map((candidate) => [candidate.id, candidate.name])) }
}
