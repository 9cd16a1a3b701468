import type { DataSource, EntityManager } from 'typeorm'
import type { ApplicationEvent } from '../domain/application-status.ts'
import type { EmailContext } from '../mail/templates.ts'
import { enqueueEmail, type EmailSettings, type EmailToQueue, type MailService, type QueuedEmail } from '../mail/outbox.ts'
import { transition, type VersionedApplication } from '../services/application-status.service.ts'
import { audit, type Actor, type AuditEntry } from '../services/audit.ts'

export type { Actor }

/**
 * What an action works with: one transaction, and the three things every action does inside it,
 * bound to that transaction. Whatever an action writes, audits and emails commits together or
 * not at all.
 */
export interface Tx {
  /** Every query of the action goes through this manager, one at a time. */
  manager: EntityManager
  /** Moves an application through its status machine, with the version check and audit row. */
  transition(application: VersionedApplication, event: ApplicationEvent, actor: Actor, options?: { note?: string | null; action?: string }): Promise<VersionedApplication>
  audit(actor: Actor, entry: AuditEntry): Promise<void>
  /** Queues an email in the outbox of this transaction; the community's name is read once. */
  email(message: EmailToQueue): Promise<QueuedEmail>
  /** The community's name, contact address and the base URL, as the emails of this transaction see them. */
  emailContext(): Promise<EmailContext>
  /** The email settings this action has already read in the transaction: its emails use them rather than reading them again. */
  useEmailSettings(settings: EmailSettings): void
}

/** One thing a person does: `acceptOffer(tx, input, actor)`. */
export type Action<Input, Output> = (tx: Tx, input: Input, actor: Actor) => Promise<Output>

export function bindTx(manager: EntityManager, mail: MailService): Tx {
  let context: Promise<EmailContext> | null = null
  const emailContext = () => (context ??= mail.context(manager))
  return {
    manager,
    transition: (application, event, actor, options = {}) => transition(manager, application, event, actor, options.note ?? null, options.action),
    audit: (actor, entry) => audit(manager, actor, entry),
    async email(message) {
      return enqueueEmail(manager, message, await emailContext(), mail.linkKey)
    },
    emailContext,
    useEmailSettings(settings) {
      context = Promise.resolve(mail.contextFrom(settings))
    },
  }
}

/** Runs actions, each in a transaction of its own. Routes reach it as `services.act`. */
export function createActionRunner(dataSource: DataSource, mail: MailService) {
  return function act<Input, Output>(action: Action<Input, Output>, input: Input, actor: Actor): Promise<Output> {
    return dataSource.transaction((manager) => action(bindTx(manager, mail), input, actor))
  }
}

export type ActionRunner = ReturnType<typeof createActionRunner>
