import { AppError } from '../../domain/errors.ts'

// What the board note actions share: their refusals.

export class BoardNoteNotFoundError extends AppError {
  constructor() {
    super('No such board notes')
  }
}

/** Someone else changed the notes since the page was shown. Nothing was written. */
export class StaleBoardNoteError extends AppError {
  constructor() {
    super('The board notes were changed by someone else')
  }
}
