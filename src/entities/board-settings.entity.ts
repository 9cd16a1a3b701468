import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm'

/** The board's own setting, its number of seats: one row, id 1 (read with a default when missing). */
@Entity({ name: 'board_settings' })
@Check('board_settings_single_row', `"id" = 1`)
@Check('board_settings_seats_check', `"seats" BETWEEN 1 AND 30`)
export class BoardSettings {
  @PrimaryColumn({ type: 'integer', default: 1 })
  id: number

  @Column({ type: 'integer', default: 5 })
  seats: number

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date
}
