// The role's waiting list page: whether it keeps taking applications once every place is filled.
import { asString, type Errors } from '../validation.ts'
import type { ParsedForm } from './fields.ts'

export interface WaitingListValues {
  waitingList: 'yes' | 'no' | ''
}

export function waitingListValues(role: { waitingList: boolean }): WaitingListValues {
  return { waitingList: role.waitingList ? 'yes' : 'no' }
}

export function parseWaitingList(body: Record<string, unknown>): ParsedForm<WaitingListValues, boolean> {
  const typed = asString(body.waitingList)
  const waitingList = typed === 'yes' || typed === 'no' ? typed : ''
  const errors: Errors = waitingList ? {} : { waitingList: 'Select yes if the role should keep taking applications once every place is filled' }
  return { values: { waitingList }, errors, data: waitingList ? waitingList === 'yes' : null }
}
