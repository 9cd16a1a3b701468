import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm'
import type { StaffUser } from './staff-user.entity.ts'

/** What an outgoing board member leaves for whoever takes their seat. */
@Entity({ name: 'board_handover_notes' })
@Check('board_handover_notes_notes_check', `char_length("notes") BETWEEN 1 AND 5000`)
export class BoardHandoverNote {
  @PrimaryColumn({ name: 'staff_user_id', type: 'uuid' })
  staffUserId: string

  @OneToOne('StaffUser', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_user_id', foreignKeyConstraintName: 'board_handover_notes_staff_user_fkey' })
  staffUser?: StaffUser

  @Column({ type: 'text' })
  notes: string

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date
}
