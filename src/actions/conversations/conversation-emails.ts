import { CONVERSATION_HOW_LABELS, formatTimeRange, type ConversationHow, type TimeRange } from '../../domain/conversation.ts'
import { calendarAttachment } from '../../mail/calendar.ts'
import type { ConversationRow } from '../../queries/conversation-link.ts'
import type { Tx } from '../tx.ts'

// Who takes part in a conversation, and the emails that tell them all of a change, each with the
// calendar file that puts it in (or takes it out of) their calendar.

export interface Participant {
  /** 'applicant', or the staff member's id. */
  id: string
  name: string
  email: string
  staff: boolean
}

/** "a video call", "a phone call", "in person". */
export function howInWords(how: ConversationHow): string {
  return how === 'in_person' ? 'in person' : `a ${CONVERSATION_HOW_LABELS[how].toLowerCase()}`
}

/** The applicant (while their address is kept), the community manager who offered the times, and the board members joining. */
export async function participantsOf(tx: Tx, conversation: Pick<ConversationRow, 'id' | 'createdBy' | 'fullName' | 'email'>): Promise<Participant[]> {
  const staff: { id: string; name: string; email: string }[] = await tx.manager.query(
    `SELECT s.id, s.name, s.email FROM staff_users s
     WHERE s.active AND (s.id = $2 OR s.id IN (SELECT staff_user_id FROM conversation_staff WHERE conversation_id = $1))
     ORDER BY s.id = $2 DESC, s.name`,
    [conversation.id, conversation.createdBy],
  )
  const applicant: Participant[] = conversation.email ? [{ id: 'applicant', name: conversation.fullName, email: conversation.email, staff: false }] : []
  return [...applicant, ...staff.map((person) => ({ ...person, staff: true }))]
}

export type ConversationNews = 'booked' | 'rescheduled' | 'cancelled' | 'reminder'

const TEMPLATES: Record<ConversationNews, string> = {
  booked: 'conversation-booked',
  rescheduled: 'conversation-booked',
  cancelled: 'conversation-cancelled',
  reminder: 'conversation-reminder',
}

/**
 * Emails everyone taking part about the booked time `when`, each with a calendar file: REQUEST
 * (new or updated, at the conversation's SEQUENCE) or CANCEL. Keyed by the conversation, its
 * sequence and the person, so that each news is sent once.
 */
export async function emailParticipants(
  tx: Tx,
  conversation: ConversationRow,
  news: ConversationNews,
  { when, sequence, token, reason }: { when: TimeRange; sequence: number; token?: string; reason?: string },
): Promise<void> {
  const context = await tx.emailContext()
  const people = await participantsOf(tx, conversation)
  const organiser = context.contactEmail ? { name: context.communityName, email: context.contactEmail } : null
  const attachment = calendarAttachment(
    {
      conversationId: conversation.id,
      sequence,
      method: news === 'cancelled' ? 'CANCEL' : 'REQUEST',
      startsAt: when.startsAt,
      endsAt: when.endsAt,
      title: `Conversation with the ${context.communityName} (${conversation.reference})`,
      description: `A short, informal conversation about volunteering with the ${context.communityName}, ${howInWords(conversation.how)}.`,
      location: conversation.how === 'phone' ? 'Phone call' : conversation.location,
      organiser,
      attendees: people.map(({ name, email }) => ({ name, email })),
    },
    context.baseUrl,
  )
  for (const person of people) {
    await tx.email({
      key: `conversation-${news}:${conversation.id}:${sequence}:${person.id}`,
      to: person.email,
      template: TEMPLATES[news],
      data: {
        name: person.name,
        forStaff: person.staff,
        applicantName: conversation.fullName,
        reference: conversation.reference,
        when: formatTimeRange(when),
        how: conversation.how,
        howText: howInWords(conversation.how),
        location: conversation.location,
        rescheduled: news === 'rescheduled',
        reason: reason ?? '',
        // Only the applicant's copy carries their link; the calendar file never does.
        token: person.staff ? '' : (token ?? ''),
      },
      attachments: [attachment],
    })
  }
}
