import { BOARD_NOTE_ATTENDANCE_MAX_LENGTH, BOARD_NOTE_BODY_MAX_LENGTH, BOARD_NOTE_TITLE_MAX_LENGTH } from '../../domain/board-note-status.ts'
import { tidyLine, tidyText } from '../../domain/text.ts'
import { isRealDate } from '../dates.ts'
import { asString, type Errors, type Parsed } from '../validation.ts'

export interface BoardNoteValues {
  title: string
  meetingOn: string
  attendance: string
  body: string
}

/** A meeting's summary notes: a title, the meeting's date, who attended, and the notes in Markdown. */
export function parseBoardNote(body: Record<string, unknown>): Parsed<BoardNoteValues> {
  const values: BoardNoteValues = {
    title: tidyLine(body.title),
    meetingOn: asString(body.meetingOn).trim(),
    attendance: tidyText(body.attendance),
    body: tidyText(body.body),
  }
  const errors: Errors = {}
  if (!values.title) errors.title = 'Enter a title for the notes'
  else if (values.title.length > BOARD_NOTE_TITLE_MAX_LENGTH) errors.title = `The title must be ${BOARD_NOTE_TITLE_MAX_LENGTH} characters or fewer`
  if (!values.meetingOn) errors.meetingOn = 'Enter the date of the meeting'
  else if (!isRealDate(values.meetingOn)) errors.meetingOn = 'The date of the meeting must be a real date'
  if (!values.attendance) errors.attendance = 'Enter who attended the meeting'
  else if (values.attendance.length > BOARD_NOTE_ATTENDANCE_MAX_LENGTH) errors.attendance = `Who attended must be ${BOARD_NOTE_ATTENDANCE_MAX_LENGTH} characters or fewer`
  if (!values.body) errors.body = 'Enter the summary notes'
  else if (values.body.length > BOARD_NOTE_BODY_MAX_LENGTH) errors.body = `The summary notes must be ${BOARD_NOTE_BODY_MAX_LENGTH} characters or fewer`
  return { values, errors }
}
