import { HANDOVER_NOTES_LIMIT, MAX_BOARD_SEATS } from '../../domain/board.ts'
import { tidyText } from '../../domain/text.ts'
import { asString, type Errors, type Parsed } from '../validation.ts'

/** The number of board seats: a whole number from 1 to MAX_BOARD_SEATS. */
export function parseBoardSeats(body: Record<string, unknown>): Parsed<{ seats: string }> {
  const seats = asString(body.seats).trim()
  const errors: Errors = {}
  if (!seats) errors.seats = 'Enter the number of seats on the board'
  else if (!/^\d{1,3}$/.test(seats)) errors.seats = 'The number of seats must be a whole number, like 5'
  else if (Number(seats) < 1 || Number(seats) > MAX_BOARD_SEATS) errors.seats = `The number of seats must be between 1 and ${MAX_BOARD_SEATS}`
  return { values: { seats }, errors }
}

/** A board member's handover notes: empty removes them. */
export function parseHandover(body: Record<string, unknown>): Parsed<{ notes: string }> {
  const notes = tidyText(body.notes)
  const errors: Errors = notes.length > HANDOVER_NOTES_LIMIT ? { notes: `Handover notes must be ${HANDOVER_NOTES_LIMIT} characters or fewer` } : {}
  return { values: { notes }, errors }
}
