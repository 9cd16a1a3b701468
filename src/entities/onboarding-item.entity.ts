import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm'
import type { ChecklistOwner } from '../domain/role-definition.ts'
import type { Executive } from './executive.entity.ts'

/** One thing on an executive's onboarding checklist. */
@Entity({ name: 'onboarding_items' })
@Index('onboarding_items_executive_position_key', ['executiveId', 'position'], { unique: true })
@Check('onboarding_items_owner_check', `"owner" IN ('community-manager', 'executive')`)
@Check('onboarding_items_done_by_check', `"done_by_type" IN ('staff', 'executive')`)
@Check('onboarding_items_done_check', `("done_at" IS NULL) = ("done_by_type" IS NULL)`)
@Check('onboarding_items_title_check', `char_length("title") BETWEEN 1 AND 200`)
export class OnboardingItem {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ name: 'executive_id', type: 'uuid' })
  executiveId: string

  @ManyToOne('Executive', (executive: Executive) => executive.items, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'executive_id', foreignKeyConstraintName: 'onboarding_items_executive_fkey' })
  executive?: Executive

  /** The template item's key; null for items a community manager added. */
  @Column({ type: 'text', nullable: true })
  key: string | null

  @Column({ type: 'text' })
  title: string

  @Column({ type: 'text' })
  owner: ChecklistOwner

  @Column({ name: 'due_on', type: 'date' })
  dueOn: string

  /** Order on the checklist, from 1. */
  @Column({ type: 'integer' })
  position: number

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt: Date | null

  /** Who ticked it: a staff member or the executive. */
  @Column({ name: 'done_by_type', type: 'text', nullable: true })
  doneByType: 'staff' | 'executive' | null

  @Column({ name: 'done_by_id', type: 'uuid', nullable: true })
  doneById: string | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date
}
