import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm'

/**
 * A time a community manager offers for a conversation. The same time may be offered to several
 * applicants; it is held by whoever books it first (conversations_booked_slot_key).
 */
@Entity({ name: 'conversation_slots' })
export class ConversationSlot {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date
}
