import type { Request } from 'express'
import type { Actor } from '../../actions/tx.ts'

/** The signed-in staff member, as actions record who did what. */
export function staffActor(req: Request): Actor {
  return { type: 'staff', id: req.user!.id }
}
