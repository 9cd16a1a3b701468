// The four executive roles from the NHS Python Community's post "Building a Community of
// Practice". Responsibilities and links are the post's own words; criteria, skills, questions
// and checklists are written to match them.
import type { ChecklistTemplateItem, Criterion, ReadingLink, RoleQuestion } from '../src/domain/role-definition.ts'

export interface RoleSeed {
  slug: string
  title: string
  summary: string
  responsibilities: string[]
  hoursPerWeek: number
  nhsEmploymentPreferred: boolean
  skills: string[]
  criteria: Criterion[]
  readingLinks: ReadingLink[]
  questions: RoleQuestion[]
  checklistTemplate: ChecklistTemplateItem[]
  places: number
  displayOrder: number
}

const commitment: Criterion = {
  key: 'commitment',
  text: 'Can give about 2 hours a week',
  kind: 'essential',
}

const enthusiasm: Criterion = {
  key: 'enthusiasm',
  text: 'Enthusiasm for the community and for helping others learn Python',
  kind: 'essential',
}

function question(key: string, label: string, hint: string | null, required = false): RoleQuestion {
  return { key, label, hint, type: 'textarea', required, options: [], maxLength: 1500 }
}

export const roleSeeds: RoleSeed[] = [
  {
    slug: 'community-manager',
    title: 'Community manager',
    summary:
      'Set the direction for the NHS Python Community, lead the executive team and build links with other communities of practice across the NHS and government.',
    responsibilities: [
      'Establishing direction for the community, leading by example, and motivating our members and volunteers to get involved.',
      'Develop the overall strategic plan for growing the community with the NHS Python Community Board.',
      'Help recruit and manage the executive team.',
      'Build relationships with other communities of practice across the NHS and Government.',
      'Represent the organisation at external events and publicity opportunities.',
      'Report progress and seek approval from the Community Board.',
    ],
    hoursPerWeek: 2,
    nhsEmploymentPreferred: true,
    skills: ['Leadership', 'Communication', 'Planning', 'Public speaking', 'Stakeholder relationships'],
    criteria: [
      commitment,
      enthusiasm,
      { key: 'motivating-others', text: 'Can motivate members and volunteers to get involved', kind: 'essential' },
      { key: 'relationships', text: 'Can build relationships with other communities and organisations', kind: 'desirable' },
      { key: 'representing', text: 'Comfortable representing the community at events', kind: 'desirable' },
    ],
    readingLinks: [
      {
        title: 'Community development framework',
        url: 'https://www.gov.uk/guidance/community-development-framework',
        description: 'This guidance aims to help people develop and manage communities of practice across government.',
      },
      {
        title: 'Community development handbook',
        url: 'https://www.gov.uk/government/publications/community-development-handbook/community-development-handbook',
        description: 'This handbook is for people developing communities of practice in government.',
      },
    ],
    questions: [
      question(
        'community-direction',
        'What would you like the community to achieve in the next year?',
        'A few sentences is plenty. There is no right answer.',
        true,
      ),
    ],
    checklistTemplate: [
      { key: 'board-introduction', title: 'Meet the board at its next monthly meeting', owner: 'executive', dueInDays: 30 },
      { key: 'strategic-plan', title: 'Read the current strategic plan and board notes', owner: 'executive', dueInDays: 14 },
    ],
    places: 1,
    displayOrder: 1,
  },
  {
    slug: 'content-manager',
    title: 'Content manager',
    summary:
      'Find and curate content for the community website and Slack, help members publish their writing, and grow the community’s social media presence.',
    responsibilities: [
      'Find and curate content for the community website and slack channel.',
      'Help members of the community with copy editing and publishing on blogging platforms such as Medium.',
      'Develop the communities social media presence and brand identity.',
    ],
    hoursPerWeek: 2,
    nhsEmploymentPreferred: false,
    skills: ['Writing and editing', 'Social media', 'Communication', 'Content curation'],
    criteria: [
      commitment,
      enthusiasm,
      { key: 'helping-publish', text: 'Enthusiasm for helping others publish their work', kind: 'essential' },
      { key: 'writing', text: 'Clear writing and an eye for detail when editing', kind: 'desirable' },
      { key: 'social-media', text: 'Interest in social media and brand identity', kind: 'desirable' },
    ],
    readingLinks: [
      {
        title: 'GDS: Social media playbook',
        url: 'https://www.gov.uk/guidance/social-media-playbook',
        description: null,
      },
      {
        title: 'As social media changes, so does GDS’s Playbook',
        url: 'https://gds.blog.gov.uk/2020/09/21/as-social-media-changes-so-does-gdss-playbook/',
        description: null,
      },
    ],
    questions: [
      question(
        'content-example',
        'Tell us about something you have written, edited or shared that you were pleased with',
        'It does not need to be published or about Python.',
      ),
    ],
    checklistTemplate: [
      { key: 'social-media-access', title: 'Get access to the community’s social media accounts', owner: 'community-manager', dueInDays: 14 },
    ],
    places: 1,
    displayOrder: 2,
  },
  {
    slug: 'events-manager',
    title: 'Events manager',
    summary:
      'Organise, host and deliver events that leave members with memorable experiences, and make sure the NHS data and analytics community hears about them.',
    responsibilities: [
      'Help organise, host, and deliver successful events that leave memorable experiences for the members of the community',
      'Book events using the ‘events.england.nhs.uk’ platform',
      'Place advertisements for events on AnalystX and send out comms to NHS data and analytics teams',
      'Work with our web developer to update the NHS Python community website events page',
    ],
    hoursPerWeek: 2,
    nhsEmploymentPreferred: true,
    skills: ['Event organisation', 'Communication', 'Planning', 'Public speaking'],
    criteria: [
      commitment,
      enthusiasm,
      { key: 'organising', text: 'Can organise and follow through on the details of an event', kind: 'essential' },
      { key: 'hosting', text: 'Comfortable hosting or presenting to an audience', kind: 'desirable' },
      { key: 'nhs-networks', text: 'Knows, or is keen to learn, NHS data and analytics networks', kind: 'desirable' },
    ],
    readingLinks: [
      {
        title: 'Doing the hard work to make talks readable',
        url: 'https://gds.blog.gov.uk/2016/05/10/doing-the-hard-work-to-make-talks-readable/',
        description:
          'Our slides are simple for a good reason: we want to encourage the audience to pay attention to the speaker, to listen to what they’re saying out loud.',
      },
      {
        title: 'Giving clear presentations',
        url: 'https://gds.blog.gov.uk/2016/04/07/giving-clear-presentations/',
        description:
          'Like ‘bunting in the office’ and ‘cake on release days’, ‘slides with big words’ has become one of GDS’s hallmarks.',
      },
    ],
    questions: [
      question(
        'event-idea',
        'What kind of event would you like to run for the community?',
        'For example a talk, a workshop, a hackathon or a social.',
      ),
    ],
    checklistTemplate: [
      { key: 'events-platform', title: 'Set up an account on the NHS events platform (events.england.nhs.uk)', owner: 'executive', dueInDays: 14 },
      { key: 'analystx', title: 'Join AnalystX to advertise events', owner: 'executive', dueInDays: 14 },
    ],
    places: 1,
    displayOrder: 3,
  },
  {
    slug: 'web-developer',
    title: 'Web developer',
    summary:
      'Develop and update the NHS Python Community website with the NHS.UK template, and look after the community’s GitHub site.',
    responsibilities: [
      'Further develop and update the NHS Python community website: https://nhs-pycom.net/',
      'Work with the NHS.UK template.',
      'Develop HTML/CSS skills.',
      'Manage the community GitHub site.',
      'Update community projects, blogs, event, and resources pages as needed.',
    ],
    hoursPerWeek: 2,
    nhsEmploymentPreferred: true,
    skills: ['HTML/CSS', 'GitHub', 'Python', 'Accessibility', 'Writing and editing'],
    criteria: [
      commitment,
      enthusiasm,
      { key: 'learning-web', text: 'Keen to develop HTML/CSS skills', kind: 'essential' },
      { key: 'github', text: 'Some experience of, or interest in, GitHub', kind: 'desirable' },
      { key: 'nhs-template', text: 'Interest in the NHS.UK design system and accessibility', kind: 'desirable' },
    ],
    readingLinks: [
      {
        title: 'NHS Digital service manual',
        url: 'https://service-manual.nhs.uk/',
        description:
          'Use the service manual to build consistent, usable services that put people first. Learn from the research and experience of other NHS teams.',
      },
      {
        title: '10 ways the NHS digital service manual can help you',
        url: 'https://digital.nhs.uk/blog/design-matters/2020/10-ways-the-nhs-digital-service-manual-can-help-you',
        description:
          'If you want to build easy-to-use digital health services that put people first, Adrian Smith explains why the NHS digital service manual is a great place to start.',
      },
    ],
    questions: [
      question(
        'web-experience',
        'Tell us about any website or code you have worked on',
        'Include a link if you have one, for example to GitHub. It is fine if you are just starting out.',
      ),
    ],
    checklistTemplate: [
      { key: 'github-access', title: 'Get access to the community’s GitHub organisation', owner: 'community-manager', dueInDays: 7 },
    ],
    places: 1,
    displayOrder: 4,
  },
]

export const settingsSeed = {
  communityName: 'NHS Python Community',
  contactEmail: 'hello@nhs-pycom.net',
  referencePrefix: 'PYC',
  // The post links the community's website; it gives no Slack invite or code of conduct link,
  // so those wait for an admin to set them.
  websiteUrl: 'https://nhs-pycom.net/',
}
