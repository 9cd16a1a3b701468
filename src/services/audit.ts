import type { EntityManager } from 'typeorm'
import { AuditEvent } from '../entities/index.ts'

export interface Actor {
  type: 'staff' | 'applicant' | 'executive' | 'system'
  id: string | null
}

export const SYSTEM: Actor = { type: 'system', id: null }
/** An applicant, known by the address they signed in with, not by an id. */
export const APPLICANT: Actor = { type: 'applicant', id: null }

export interface AuditEntry {
  action: string
  subjectType: string
  subjectId: string | null
  fromStatus?: string | null
  toStatus?: string | null
  note?: string | null
}

/** Writes one audit row inside the caller's transaction. Never pass personal data in `note`. */
export async function audit(manager: EntityManager, actor: Actor, entry: AuditEntry): Promise<void> {
  await manager.insert(AuditEvent, {
    actorType: actor.type,
    actorId: actor.id,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    fromStatus: entry.fromStatus ?? null,
    toStatus: entry.toStatus ?? null,
    note: entry.note ?? null,
  })
}
