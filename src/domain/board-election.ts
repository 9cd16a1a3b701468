// Board elections: what a round records (the seats, the dates, the counting method and the tie
// rule the board chose), when it takes nominations and votes, and what a nomination holds.
import { EDITABLE_ELECTION_ROUND_STATUSES, type ElectionRoundStatus } from './election-round-status.ts'

export const ELECTION_METHODS = ['approval', 'stv'] as const
export type ElectionMethod = (typeof ELECTION_METHODS)[number]

export const ELECTION_METHOD_LABELS: Record<ElectionMethod, string> = {
  approval: 'Approval voting',
  stv: 'Single transferable vote (Scottish STV rules)',
}

export const ELECTION_METHOD_HINTS: Record<ElectionMethod, string> = {
  approval: 'Each elector votes for as many candidates as they approve of. The candidates with the most votes fill the seats.',
  stv: 'Each elector numbers the candidates in order of preference. Counted by the rules for Scottish local government elections.',
}

export const TIE_RULES = ['lot', 'nomination-order'] as const
export type TieRule = (typeof TIE_RULES)[number]

export const TIE_RULE_LABELS: Record<TieRule, string> = {
  lot: 'By lot',
  'nomination-order': 'The candidate nominated first',
}

export const TIE_RULE_HINTS: Record<TieRule, string> = {
  lot: 'A random draw made by the service when the count runs, recorded with the result so anyone can check it.',
  'nomination-order': 'Of the tied candidates, the one whose nomination arrived first is preferred.',
}

export const ROUND_NAME_MAX_LENGTH = 100
export const PROCEDURE_MAX_LENGTH = 5000
export const NOMINATION_STATEMENT_MAX_WORDS = 300
export const NOMINATION_STATEMENT_MAX_LENGTH = 3000
export const NOMINEE_NAME_MAX_LENGTH = 100

export interface RoundDates {
  nominationsOpenOn: string
  nominationsCloseOn: string
  votingOpensOn: string
  votingClosesOn: string
}

/** What an admin sets a round up with: the procedure the board chose. */
export interface RoundDetails extends RoundDates {
  name: string
  seats: number
  method: ElectionMethod
  tieRule: TieRule
  procedure: string
}

/** A round's address: its name in lower case with hyphens ("Board election 2027" -> "board-election-2027"). */
export function roundSlug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 70)
      .replace(/-+$/, '') || 'election'
  )
}

/** The last day of the UK financial year that `date` falls in: 31 March. */
export function financialYearEnd(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number]
  return `${month <= 3 ? year : year + 1}-03-31`
}

/** Whether the public nomination form takes nominations on `today`. */
export function takesNominations(round: RoundDates & { status: ElectionRoundStatus }, today: string): boolean {
  return round.status === 'nominations' && round.nominationsOpenOn <= today && today <= round.nominationsCloseOn
}

/**
 * Whether an admin may still change the round's details (dates, seats, method, tie rule,
 * procedure): while it is being set up, and while it is open for nominations until the day they
 * close. After that people have stood on what the page said, so the details stay as they were.
 */
export function canEditRound(round: Pick<RoundDates, 'nominationsCloseOn'> & { status: ElectionRoundStatus }, today: string): boolean {
  return EDITABLE_ELECTION_ROUND_STATUSES.includes(round.status) && (round.status === 'draft' || today <= round.nominationsCloseOn)
}

/** Whether ballots are accepted on `today`. */
export function takesVotes(round: RoundDates & { status: ElectionRoundStatus }, today: string): boolean {
  return round.status === 'voting' && today <= round.votingClosesOn
}
