import { Entity, Index, PrimaryColumn } from 'typeorm'

/** A role an interest registration asks to hear about. */
@Entity({ name: 'interest_registration_roles' })
@Index('interest_registration_roles_role_idx', ['roleId'])
export class InterestRegistrationRole {
  @PrimaryColumn({ name: 'registration_id', type: 'uuid' })
  registrationId: string

  @PrimaryColumn({ name: 'role_id', type: 'uuid' })
  roleId: string
}
