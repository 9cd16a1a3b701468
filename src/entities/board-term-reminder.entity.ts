import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm'
import type { StaffUser } from './staff-user.entity.ts'

/** A board term-end reminder that went (to the member and the admins), once per term end and lead time. */
@Entity({ name: 'board_term_reminders' })
@Check('board_term_reminders_days_before_check', `"days_before" IN (60, 30)`)
export class BoardTermReminder {
  @PrimaryColumn({ name: 'staff_user_id', type: 'uuid' })
  staffUserId: string

  @ManyToOne('StaffUser', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_user_id', foreignKeyConstraintName: 'board_term_reminders_staff_user_fkey' })
  staffUser?: StaffUser

  @PrimaryColumn({ name: 'term_ends_on', type: 'date' })
  termEndsOn: string

  @PrimaryColumn({ name: 'days_before', type: 'integer' })
  daysBefore: number

  @Column({ name: 'sent_at', type: 'timestamptz', default: () => 'now()' })
  sentAt: Date
}
