import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm'

/** An anonymous vote: its round and the candidates chosen (in order of preference for STV), nothing else. */
@Entity({ name: 'board_ballots' })
@Index('board_ballots_round_idx', ['roundId'])
export class BoardBallot {
  /** Random, so that the ids tell nothing about the order votes came in. */
  @PrimaryGeneratedColumn('uuid')
  id: string

  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string

  /** Nomination ids. */
  @Column({ type: 'uuid', array: true })
  choices: string[]
}
