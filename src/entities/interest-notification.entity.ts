import { Column, Entity, Index, PrimaryColumn } from 'typeorm'

/**
 * A registration was emailed that a role opened. The role's version identifies the opening
 * (opening bumps it), so each opening emails each registration once.
 */
@Entity({ name: 'interest_notifications' })
@Index('interest_notifications_role_idx', ['roleId', 'notifiedAt'])
export class InterestNotification {
  @PrimaryColumn({ name: 'registration_id', type: 'uuid' })
  registrationId: string

  @PrimaryColumn({ name: 'role_id', type: 'uuid' })
  roleId: string

  @PrimaryColumn({ name: 'role_version', type: 'integer' })
  roleVersion: number

  @Column({ name: 'notified_at', type: 'timestamptz', default: () => 'now()' })
  notifiedAt: Date
}
