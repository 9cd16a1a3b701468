import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm'

/** Who did what, when. Holds ids and statuses, never personal data. */
@Entity({ name: 'audit_events' })
@Index('audit_events_subject_idx', ['subjectType', 'subjectId'])
export class AuditEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string

  @CreateDateColumn({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date

  /** 'staff', 'applicant', 'executive' or 'system'. */
  @Column({ name: 'actor_type', type: 'text' })
  actorType: string

  @Column({ name: 'actor_id', type: 'text', nullable: true })
  actorId: string | null

  @Column({ type: 'text' })
  action: string

  @Column({ name: 'subject_type', type: 'text' })
  subjectType: string

  @Column({ name: 'subject_id', type: 'text', nullable: true })
  subjectId: string | null

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: string | null

  @Column({ name: 'to_status', type: 'text', nullable: true })
  toStatus: string | null

  @Column({ type: 'text', nullable: true })
  note: string | null
}
