import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm'
import type { Application } from './application.entity.ts'
import type { StaffUser } from './staff-user.entity.ts'

export type Recommendation = 'appoint' | 'maybe' | 'do-not-appoint'

/** Scores by application role id, then by criterion key. */
export type ReviewScores = Record<string, Record<string, { score: number; note: string | null }>>

/** One board member's submitted score sheet for one application. */
@Entity({ name: 'reviews' })
@Index('reviews_application_reviewer_key', ['applicationId', 'reviewerId'], { unique: true })
@Index('reviews_reviewer_idx', ['reviewerId'])
@Check('reviews_recommendation_check', `"recommendation" IN ('appoint', 'maybe', 'do-not-appoint')`)
export class Review {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string

  @ManyToOne('Application', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'reviews_application_fkey' })
  application?: Application

  @Column({ name: 'reviewer_id', type: 'uuid' })
  reviewerId: string

  @ManyToOne('StaffUser', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reviewer_id', foreignKeyConstraintName: 'reviews_reviewer_fkey' })
  reviewer?: StaffUser

  @Column({ type: 'jsonb' })
  scores: ReviewScores

  @Column({ type: 'text' })
  recommendation: Recommendation

  @Column({ type: 'text', nullable: true })
  comment: string | null

  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date
}
