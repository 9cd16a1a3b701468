// The shape every status machine in src/domain shares (application, role, executive): the
// statuses, a label for each, the moves allowed by each event, and named groups of statuses that
// code and SQL use instead of literal lists (`= ANY($1::text[])`).

import { AppError } from './errors.ts'

export interface Transition<S extends string> {
  readonly from: readonly S[]
  readonly to: S
}

export interface StatusMachine<S extends string, E extends string> {
  /** What the statuses belong to, for messages and tests: "application". */
  readonly subject: string
  readonly statuses: readonly S[]
  /** The status a new record starts in. */
  readonly initial: S
  readonly labels: Readonly<Record<S, string>>
  readonly transitions: Readonly<Record<E, Transition<S>>>
  readonly groups: Readonly<Record<string, readonly S[]>>
}

/** Whether `event` may move a record that is in `from`. */
export function allows<S extends string, E extends string>(machine: StatusMachine<S, E>, from: S, event: E): boolean {
  return machine.transitions[event].from.includes(from)
}

/** The statuses not in `group`, in the machine's order. */
export function complementOf<S extends string>(statuses: readonly S[], group: readonly S[]): S[] {
  return statuses.filter((status) => !group.includes(status))
}

/** A move the record's current status does not allow, for any machine. */
export class IllegalTransitionError<S extends string = string, E extends string = string> extends AppError {
  constructor(
    readonly machine: StatusMachine<S, E>,
    readonly from: S,
    readonly event: E,
  ) {
    super(`A ${machine.subject} that is "${machine.labels[from]}" cannot be moved by "${event.replace(/_/g, ' ')}"`)
  }

  /** The label of the status the record was in, as people read it. */
  get fromLabel(): string {
    return this.machine.labels[this.from]
  }
}

/** The status `event` moves a record in `from` to; IllegalTransitionError when it may not. */
export function nextStatus<S extends string, E extends string>(machine: StatusMachine<S, E>, from: S, event: E): S {
  if (!allows(machine, from, event)) throw new IllegalTransitionError(machine, from, event)
  return machine.transitions[event].to
}
