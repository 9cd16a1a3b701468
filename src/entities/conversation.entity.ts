import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm'
import type { ConversationHow, ConversationStatus } from '../domain/conversation.ts'

/**
 * A conversation with an applicant: the times offered (conversation_offered_slots), how it
 * happens, the board members who join (conversation_staff), and the booked time once picked.
 * The emailed link is kept only as a hash. `sequence` is the calendar files' SEQUENCE: it goes up
 * at every change so that calendars replace the event of the same UID.
 */
@Entity({ name: 'conversations' })
export class Conversation {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string

  @Column({ type: 'text', default: 'offered' })
  status: ConversationStatus

  @Column({ type: 'text' })
  how: ConversationHow

  /** The video link or the address; empty for a phone call. */
  @Column({ type: 'text', default: '' })
  location: string

  @Column({ type: 'text', default: '' })
  note: string

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date

  @Column({ name: 'slot_id', type: 'uuid', nullable: true })
  slotId: string | null

  /** What the applicant wrote when no time suited them. */
  @Column({ type: 'text', nullable: true })
  suggestion: string | null

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null

  @Column({ type: 'integer', default: 0 })
  sequence: number

  @Column({ type: 'integer', default: 1 })
  version: number

  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt: Date | null

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date
}
