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

type CardLink = WaitingCard['link']

/** A card that counts one thing: what it says when there is none, and when there are some. */
function countCard(heading: string, count: number, none: CardLink, some: CardLink): WaitingCard {
  return { heading, link: count === 0 ? none : some }
}

/** The cards for what this person's roles make theirs to do, in the order of the work. */
export function waitingCards(home: StaffHome): WaitingCard[] {
  const cards: WaitingCard[] = []
  if (home.toReview !== null) {
    const text = `${counted(home.toReview, 'application is', 'applications are')} waiting for your review`
    cards.push(countCard('Reviews to do', home.toReview, { text: 'No applications are waiting for your review', href: '/review' }, { text, href: '/review?needsMyReview=yes' }))
  }
  if (home.readyForDecision) {
    const { count, quorum, oldest } = home.readyForDecision
    const reviews = counted(quorum, 'board review', 'board reviews')
    cards.push({
      ...countCard(
        'Decisions ready',
        count,
        { text: `No applications have the ${reviews} needed for a decision yet`, href: '/review' },
        // The applications named below are the links.
        { text: `${counted(count, 'application has', 'applications have')} the ${reviews} needed for a decision:`, href: null },
      ),
      applications: oldest.map((application) => ({
        ...application,
        href: `/review/applications/${encodeURIComponent(application.reference)}/decision`,
      })),
      more: count > oldest.length ? { text: `And ${count - oldest.length} more: see all applications, oldest first`, href: '/review' } : undefined,
    })
  }
  if (home.offersWaiting !== null) {
    const href = '/review?status=offered'
    const text = `${counted(home.offersWaiting, 'offer is', 'offers are')} waiting for the applicant’s answer`
    cards.push(countCard('Offers waiting for an answer', home.offersWaiting, { text: 'No offers are waiting for an answer', href }, { text, href }))
  }
  if (home.overdueOnboarding) {
    const { items, executives } = home.overdueOnboarding
    const text = `${counted(items, 'onboarding item is', 'onboarding items are')} overdue, for ${counted(executives, 'new executive', 'new executives')}`
    cards.push(countCard('Overdue onboarding', items, { text: 'No onboarding items are overdue', href: '/onboarding' }, { text, href: '/onboarding' }))
  }
  if (home.failedEmails !== null) {
    const text = `${counted(home.failedEmails, 'email', 'emails')} could not be sent`
    cards.push(countCard('Emails', home.failedEmails, { text: 'No emails have failed to send', href: '/admin/emails' }, { text, href: '/admin/emails?status=failed' }))
  }
  return cards
}

/** /staff: the home page of any signed-in staff account, saying what is waiting for them; keeping a session. */
export default function staffRoutes(services: Services): Router {
  const router = Router()

  router.get('/', requireStaff(), async (req, res) => {
    const home = await services.read(staffHome, { viewer: { id: req.user!.id, roles: req.user!.roles } })
    res.render('pages/staff/home', { title: 'Staff home', cards: waitingCards(home) })
  })

  // "Stay signed in" in the warning before the session ends for inactivity. Other requests renew
  // the session too (it is rolling), but the store writes a renewal at most once a minute or so
  // (setUpSession's throttled touch): this one is there to renew it, so it writes the session
  // itself. 204 leaves a page sent as a plain form as it was.
  router.post('/stay-signed-in', requireStaff(), (req, res, next) => {
    req.session.save((error) => (error ? next(error) : res.status(204).end()))
  })

  return router
}
