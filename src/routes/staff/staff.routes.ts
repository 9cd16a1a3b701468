import { Router } from 'express'
import { requireStaff } from '../../middleware/setUpAuthentication.ts'
import { staffHome, type StaffHome } from '../../queries/staff-home.ts'
import type { Services } from '../../services/index.ts'

/** One card on the staff home page: what is waiting, and where to deal with it. */
export interface WaitingCard {
  heading: string
  /** The sentence, as a link to where the work is done (plain text when the applications below are the links). */
  link: { text: string; href: string | null }
  /** Applications named one by one (ready for a decision), each with its own link. */
  applications?: { reference: string; roleTitles: string[]; submittedAt: Date; href: string }[]
  /** A link to the rest, when only some are named. */
  more?: { text: string; href: string }
}

/** "1 application is", "3 applications are". */
function counted(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}

/** The cards for what this person's roles make theirs to do, in the order of the work. */
export function waitingCards(home: StaffHome): WaitingCard[] {
  const cards: WaitingCard[] = []
  if (home.toReview !== null) {
    cards.push({
      heading: 'Reviews to do',
      link:
        home.toReview === 0
          ? { text: 'No applications are waiting for your review', href: '/review' }
          : { text: `${counted(home.toReview, 'application is', 'applications are')} waiting for your review`, href: '/review?needsMyReview=yes' },
    })
  }
  if (home.readyForDecision) {
    const { count, quorum, oldest } = home.readyForDecision
    const reviews = counted(quorum, 'board review', 'board reviews')
    cards.push({
      heading: 'Decisions ready',
      link:
        count === 0
          ? { text: `No applications have the ${reviews} needed for a decision yet`, href: '/review' }
          : { text: `${counted(count, 'application has', 'applications have')} the ${reviews} needed for a decision:`, href: null },
      applications: oldest.map((application) => ({
        ...application,
        href: `/review/applications/${encodeURIComponent(application.reference)}/decision`,
      })),
      more: count > oldest.length ? { text: `And ${count - oldest.length} more: see all applications, oldest first`, href: '/review' } : undefined,
    })
  }
  if (home.offersWaiting !== null) {
    cards.push({
      heading: 'Offers waiting for an answer',
      link:
        home.offersWaiting === 0
          ? { text: 'No offers are waiting for an answer', href: '/review?status=offered' }
          : { text: `${counted(home.offersWaiting, 'offer is', 'offers are')} waiting for the applicant’s answer`, href: '/review?status=offered' },
    })
  }
  if (home.overdueOnboarding) {
    const { items, executives } = home.overdueOnboarding
    cards.push({
      heading: 'Overdue onboarding',
      link:
        items === 0
          ? { text: 'No onboarding items are overdue', href: '/onboarding' }
          : { text: `${counted(items, 'onboarding item is', 'onboarding items are')} overdue, for ${counted(executives, 'new executive', 'new executives')}`, href: '/onboarding' },
    })
  }
  if (home.failedEmails !== null) {
    cards.push({
      heading: 'Emails',
      link:
        home.failedEmails === 0
          ? { text: 'No emails have failed to send', href: '/admin/emails' }
          : { text: `${counted(home.failedEmails, 'email', 'emails')} could not be sent`, href: '/admin/emails?status=failed' },
    })
  }
  return cards
}

/** /staff: the home page of any signed-in staff account, saying what is waiting for them. */
export default function staffRoutes(services: Services): Router {
  const router = Router()

  router.get('/', requireStaff(), async (req, res) => {
    const home = await services.read(staffHome, { viewer: { id: req.user!.id, roles: req.user!.roles } })
    res.render('pages/staff/home', { title: 'Staff home', cards: waitingCards(home) })
  })

  return router
}
