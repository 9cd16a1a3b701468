import { Router } from 'express'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'

/** /staff: the home page of any signed-in staff account. */
export default function staffRoutes(): Router {
  const router = Router()

  router.get('/', requireStaff(), (_req, res) => {
    res.render('pages/staff/home', { title: 'Staff' })
  })

  return router
}
