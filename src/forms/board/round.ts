import { ELECTION_METHODS, financialYearEnd, PROCEDURE_MAX_LENGTH, ROUND_NAME_MAX_LENGTH, TIE_RULES, type RoundDetails } from '../../domain/board-election.ts'
import { MAX_BOARD_SEATS } from '../../domain/board.ts'
import { tidyLine, tidyText } from '../../domain/text.ts'
import { formatDate } from '../../views/helpers.ts'
import { isRealDate } from '../dates.ts'
import { asString, type Errors, type Parsed } from '../validation.ts'

export interface RoundValues {
  name: string
  seats: string
  nominationsOpenOn: string
  nominationsCloseOn: string
  votingOpensOn: string
  votingClosesOn: string
  method: string
  tieRule: string
  procedure: string
}

export type ParsedRound = RoundDetails

const DATES = [
  ['nominationsOpenOn', 'the day nominations open'],
  ['nominationsCloseOn', 'the day nominations close'],
  ['votingOpensOn', 'the day voting opens'],
  ['votingClosesOn', 'the day voting closes'],
] as const

/**
 * A new election round: its name, the seats to fill, four dates in order (nominations open and
 * close, then voting opens and closes, all before the financial year ends), the counting method,
 * the tie rule and the procedure in the board's words. `today` is the earliest nominations may open.
 * `editing` is the round as it stands: a day nominations opened in the past may stay, but the
 * days they close and voting opens cannot be moved into the past.
 */
export function parseRound(body: Record<string, unknown>, today: string, editing?: { nominationsOpenOn: string }): Parsed<RoundValues> & { round: ParsedRound | null } {
  const values: RoundValues = {
    name: tidyLine(body.name),
    seats: asString(body.seats).trim(),
    nominationsOpenOn: asString(body.nominationsOpenOn).trim(),
    nominationsCloseOn: asString(body.nominationsCloseOn).trim(),
    votingOpensOn: asString(body.votingOpensOn).trim(),
    votingClosesOn: asString(body.votingClosesOn).trim(),
    method: asString(body.method),
    tieRule: asString(body.tieRule),
    procedure: tidyText(body.procedure),
  }
  const errors: Errors = {}
  if (!values.name) errors.name = 'Enter a name for the election'
  else if (values.name.length > ROUND_NAME_MAX_LENGTH) errors.name = `The name must be ${ROUND_NAME_MAX_LENGTH} characters or fewer`
  if (!values.seats) errors.seats = 'Enter the number of seats to fill'
  else if (!/^\d{1,3}$/.test(values.seats) || Number(values.seats) < 1 || Number(values.seats) > MAX_BOARD_SEATS) errors.seats = `The number of seats must be a whole number from 1 to ${MAX_BOARD_SEATS}`
  for (const [field, words] of DATES) {
    if (!values[field]) errors[field] = `Enter ${words}`
    else if (!isRealDate(values[field])) errors[field] = `Enter ${words} as a real date`
  }
  const datesOk = DATES.every(([field]) => !errors[field])
  if (datesOk) {
    if (values.nominationsOpenOn < today && values.nominationsOpenOn !== editing?.nominationsOpenOn) errors.nominationsOpenOn = 'Nominations must open today or later'
    else if (editing && values.nominationsCloseOn < today) errors.nominationsCloseOn = 'Nominations must close today or later'
    else if (values.nominationsCloseOn < values.nominationsOpenOn) errors.nominationsCloseOn = 'Nominations must close on or after the day they open'
    else if (values.votingOpensOn <= values.nominationsCloseOn) errors.votingOpensOn = 'Voting must open after nominations close'
    else if (values.votingClosesOn < values.votingOpensOn) errors.votingClosesOn = 'Voting must close on or after the day it opens'
    else if (values.votingClosesOn > financialYearEnd(values.nominationsOpenOn)) {
      errors.votingClosesOn = `Voting must close before the financial year ends, on or before ${formatDate(financialYearEnd(values.nominationsOpenOn))}`
    }
  }
  const method = ELECTION_METHODS.find((each) => each === values.method)
  if (!method) errors.method = 'Select how the votes are counted'
  const tieRule = TIE_RULES.find((each) => each === values.tieRule)
  if (!tieRule) errors.tieRule = 'Select how a tie is resolved'
  if (!values.procedure) errors.procedure = 'Enter the procedure the board agreed'
  else if (values.procedure.length > PROCEDURE_MAX_LENGTH) errors.procedure = `The procedure must be ${PROCEDURE_MAX_LENGTH} characters or fewer`
  const round = Object.keys(errors).length === 0 ? { ...values, seats: Number(values.seats), method: method!, tieRule: tieRule! } : null
  return { values, errors, round }
}
