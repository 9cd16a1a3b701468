import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm'

/**
 * Optional equality monitoring answers. Deliberately holds nothing that links them to a person
 * or an application (not even a timestamp finer than the month), and is only ever reported in
 * aggregate with small counts suppressed.
 */
@Entity({ name: 'equality_responses' })
export class EqualityResponse {
  @PrimaryGeneratedColumn('uuid')
  id: string

  /** First day of the month the application was sent. */
  @Column({ name: 'submitted_month', type: 'date' })
  submittedMonth: string

  @Column({ type: 'jsonb', default: () => "'{}'" })
  answers: Record<string, string>
}
