import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm'
import type {
  ChecklistTemplateItem,
  Criterion,
  ReadingLink,
  RoleQuestion,
  RoleStatus,
} from '../domain/role-definition.ts'

@Entity({ name: 'roles' })
@Index('roles_slug_key', ['slug'], { unique: true })
@Index('roles_round_idx', ['roundId'])
@Check('roles_status_check', `"status" IN ('draft', 'open', 'closed', 'archived')`)
@Check('roles_hours_check', `"hours_per_week" BETWEEN 1 AND 40`)
@Check('roles_places_check', `"places" >= 1`)
export class Role {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ type: 'text' })
  slug: string

  @Column({ type: 'text' })
  title: string

  @Column({ type: 'text' })
  summary: string

  @Column({ type: 'jsonb', default: () => "'[]'" })
  responsibilities: string[]

  @Column({ name: 'hours_per_week', type: 'integer', default: 2 })
  hoursPerWeek: number

  @Column({ name: 'nhs_employment_preferred', type: 'boolean', default: false })
  nhsEmploymentPreferred: boolean

  @Column({ type: 'jsonb', default: () => "'[]'" })
  skills: string[]

  @Column({ type: 'jsonb', default: () => "'[]'" })
  criteria: Criterion[]

  @Column({ name: 'reading_links', type: 'jsonb', default: () => "'[]'" })
  readingLinks: ReadingLink[]

  @Column({ type: 'jsonb', default: () => "'[]'" })
  questions: RoleQuestion[]

  @Column({ name: 'checklist_template', type: 'jsonb', default: () => "'[]'" })
  checklistTemplate: ChecklistTemplateItem[]

  @Column({ type: 'integer', default: 1 })
  places: number

  /** Keeps taking applications, for a waiting list, once every place is filled (src/domain/places.ts). */
  @Column({ name: 'waiting_list', type: 'boolean', default: false })
  waitingList: boolean

  @Column({ name: 'closes_on', type: 'date', nullable: true })
  closesOn: string | null

  @Column({ type: 'text', default: 'draft' })
  status: RoleStatus

  /** The recruitment round the role is in now; reopening it in a new round moves it. A new role joins the newest open round (a trigger). */
  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string

  @Column({ name: 'display_order', type: 'integer', default: 0 })
  displayOrder: number

  @Column({ type: 'integer', default: 1 })
  version: number

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date
}
