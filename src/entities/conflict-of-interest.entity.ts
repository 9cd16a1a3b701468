import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm'
import type { Application } from './application.entity.ts'
import type { StaffUser } from './staff-user.entity.ts'

/** A board member who declared a conflict of interest is recused: no scoring, no scores seen. */
@Entity({ name: 'conflicts_of_interest' })
@Index('conflicts_of_interest_application_staff_key', ['applicationId', 'staffUserId'], { unique: true })
export class ConflictOfInterest {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string

  @ManyToOne('Application', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'conflicts_of_interest_application_fkey' })
  application?: Application

  @Column({ name: 'staff_user_id', type: 'uuid' })
  staffUserId: string

  @ManyToOne('StaffUser', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_user_id', foreignKeyConstraintName: 'conflicts_of_interest_staff_user_fkey' })
  staffUser?: StaffUser

  @Column({ type: 'text', nullable: true })
  reason: string | null

  @CreateDateColumn({ name: 'declared_at', type: 'timestamptz' })
  declaredAt: Date
}
