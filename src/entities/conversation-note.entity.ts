import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm'
import type { ConversationRecommendation } from '../domain/conversation.ts'

/** One staff member's notes and recommendation after a conversation; others see it once submitted. */
@Entity({ name: 'conversation_notes' })
export class ConversationNote {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string

  @Column({ name: 'staff_user_id', type: 'uuid' })
  staffUserId: string

  @Column({ type: 'text' })
  notes: string

  @Column({ type: 'text' })
  recommendation: ConversationRecommendation

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date
}
