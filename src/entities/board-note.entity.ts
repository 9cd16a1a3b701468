import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm'
import type { BoardNoteStatus } from '../domain/board-note-status.ts'

/** A board meeting's summary notes: Markdown, a draft for the board until an admin publishes it. */
@Entity({ name: 'board_notes' })
@Index('board_notes_status_meeting_idx', ['status', 'meetingOn'])
@Check('board_notes_status_check', `"status" IN ('draft', 'published')`)
@Check('board_notes_title_check', `char_length("title") BETWEEN 1 AND 120`)
@Check('board_notes_attendance_check', `char_length("attendance") BETWEEN 1 AND 2000`)
@Check('board_notes_body_check', `char_length("body") BETWEEN 1 AND 20000`)
export class BoardNote {
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ name: 'meeting_on', type: 'date' })
  meetingOn: string

  @Column({ type: 'text' })
  title: string

  /** Who attended, and apologies, as typed. */
  @Column({ type: 'text' })
  attendance: string

  /** Markdown; rendered and sanitised when shown (services/markdown.ts). */
  @Column({ type: 'text' })
  body: string

  @Column({ type: 'text', default: 'draft' })
  status: BoardNoteStatus

  /** Optimistic lock: every edit is `UPDATE ... WHERE version = $expected`. */
  @Column({ type: 'integer', default: 1 })
  version: number

  /** When the notes were last published; null while a draft (set with the status, by changeBoardNoteStatus). */
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date
}
