// /reports, the board paper and its CSV on a seeded round with known numbers (tests/helpers/reports.ts):
// each figure, the role filter, the small-count suppression, the charts' names and descriptions
// beside tables with the same numbers, and no personal data anywhere (the canary applicant).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request from 'supertest'
import { CANARY, parseCsv, useReportApp } from '../helpers/reports.ts'
import { signedInAgent } from '../helpers/staff.ts'

const { t, round } = useReportApp()

/** What a page says, without its charts: its text with the markup taken out. */
const visibleText = (html: string) => html.replace(/<svg[\s\S]*?<\/svg>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;/g, '\u2019').replace(/\s+/g, ' ')

/** The CSV's figures as "Section | Item | Measure" -> value. */
async function csvFigures(path: string): Promise<{ header: string[]; scope: string[][]; figures: Map<string, string> }> {
  const agent = await signedInAgent(t.app, t.staff.cora)
  const response = await agent.get(path).expect(200).expect('Content-Type', /text\/csv/).expect('Cache-Control', 'no-store')
  assert.match(String(response.headers['content-disposition']), /^attachment; filename="board-paper-\d{4}-\d{2}-\d{2}\.csv"$/)
  const [header, ...rows] = parseCsv(response.text)
  return {
    header: header!,
    scope: rows.map((row) => row.slice(0, 3)),
    figures: new Map(rows.map((row) => [row.slice(3, 6).join(' | '), row[6]!])),
  }
}

const expectFigures = (figures: Map<string, string>, expected: Record<string, string | number>) => {
  for (const [key, value] of Object.entries(expected)) assert.equal(figures.get(key), String(value), key)
}

describe('the round report', () => {
  it('has every figure of the round, with the known numbers', async () => {
    const { header, scope, figures } = await csvFigures(`/reports/board-paper.csv?round=${round().roundId}`)
    assert.deepEqual(header, ['Round', 'Role', 'Date', 'Section', 'Item', 'Measure', 'Value'])
    assert.ok(scope.every(([round, role]) => round === 'Spring 2027' && role === 'All roles'), 'every row names the round')
    const [{ places }] = await t.database.dataSource.query(`SELECT places FROM roles WHERE slug = 'web-developer'`)
    expectFigures(figures, {
      'Applications | All | Applications': 14,
      // The funnel: a step counts those who reached it; a conversation only those who had one.
      'Funnel | Submitted | Reached this step': 14,
      'Funnel | In review | Reached this step': 5,
      'Funnel | Shortlisted | Reached this step': 2,
      'Funnel | Conversation | Reached this step': 1,
      'Funnel | Offered | Reached this step': 2,
      'Funnel | Accepted | Reached this step': 1,
      'Funnel | Active | Reached this step': 1,
      'Funnel | Withdrawn | Ended here': 1,
      'Funnel | Unsuccessful | Ended here': 1,
      'Funnel | Declined | Ended here': 1,
      // Days: first reviews after 2, 1, 6, 3 and 1 days; quorums after 4, 4, 10; decisions after 10, 5, 12; one acceptance after 20.
      'Time to each step | Submitted to first review | Median days': 2,
      'Time to each step | Submitted to first review | Longest days': 6,
      'Time to each step | Submitted to first review | Applications': 5,
      'Time to each step | Submitted to a quorum of 2 reviews | Median days': 4,
      'Time to each step | Submitted to a quorum of 2 reviews | Longest days': 10,
      'Time to each step | Submitted to a quorum of 2 reviews | Applications': 3,
      'Time to each step | Submitted to decision | Median days': 10,
      'Time to each step | Submitted to decision | Longest days': 12,
      'Time to each step | Submitted to offer accepted | Median days': 20,
      'Time to each step | Submitted to offer accepted | Applications': 1,
      'Waiting too long | Longer than 7 days without a quorum | Applications': 2,
      [`Waiting too long | ${round().references[4]} | Days waiting`]: 10,
      [`Waiting too long | ${round().references[5]} | Days waiting`]: 9,
      // Bea reviewed A1 to A3 and declared conflicts in A7 and A8; Ben reviewed A1 to A5.
      'Board reviews | Bea Board | Reviews done': 3,
      'Board reviews | Bea Board | Reviews waiting': 8,
      'Board reviews | Ben Board | Reviews done': 5,
      'Board reviews | Ben Board | Reviews waiting': 9,
      'Roles | Web developer | Applications': 7,
      'Roles | Web developer | Shortlisted': 2,
      'Roles | Web developer | Offered': 2,
      'Roles | Web developer | Offers accepted': 1,
      'Roles | Web developer | Places': places,
      'Roles | Web developer | Places filled now': 1,
      'Roles | Events manager | Applications': 7,
      'Roles | Events manager | Offers accepted': 0,
      'Roles | Events manager | Places filled now': 0,
      // Career stage: early career 5 shown; apprentice 2, student 1, experienced 1 and prefer not to say 0 hidden, and trainee 5
      // too, or the total (14) less early career would give away the sum of the small ones (4).
      'Career stage | Early in my career | Applicants': 5,
      'Career stage | Trainee | Applicants': 'Hidden (fewer than 5)',
      'Career stage | Apprentice | Applicants': 'Hidden (fewer than 5)',
      'Career stage | Student | Applicants': 'Hidden (fewer than 5)',
      'Career stage | Experienced | Applicants': 'Hidden (fewer than 5)',
      'Career stage | Prefer not to say | Applicants': 'Hidden (fewer than 5)',
      'NHS employment | Employed by the NHS or a health or care organisation | Applicants': 9,
      'NHS employment | Not employed by the NHS | Applicants': 5,
    })
    // Terms ending in 90 days: the web developer's in 60 days, not the content manager's in 120; the
    // default round's application is not counted anywhere.
    const terms = [...figures.entries()].filter(([key]) => key.startsWith('Terms ending'))
    assert.equal(terms.length, 1)
    assert.match(terms[0]![0], /^Terms ending in the next 90 days \| Web developer \| Term ends on$/)
    assert.equal(figures.get('Roles | Content manager | Applications'), undefined, 'a role of another round is not listed')
  })

  it('narrows to one role of the round', async () => {
    const { scope, figures } = await csvFigures(`/reports/board-paper.csv?round=${round().roundId}&role=${round().roleIds['events-manager']}`)
    assert.ok(scope.every(([, role]) => role === 'Events manager'))
    expectFigures(figures, {
      'Applications | All | Applications': 7,
      'Funnel | Submitted | Reached this step': 7,
      'Funnel | In review | Reached this step': 0,
      'Time to each step | Submitted to first review | Median days': 'None yet',
      'Waiting too long | Longer than 7 days without a quorum | Applications': 0,
      'Board reviews | Bea Board | Reviews waiting': 6,
      'Board reviews | Ben Board | Reviews waiting': 7,
      'Roles | Events manager | Applications': 7,
      // Trainee 5 and student 1, experienced 1: all hidden, or 7 less 5 gives away the other two.
      'Career stage | Trainee | Applicants': 'Hidden (fewer than 5)',
      'NHS employment | Not employed by the NHS | Applicants': 'Hidden (fewer than 5)',
    })
    assert.equal(figures.get('Roles | Web developer | Applications'), undefined)
    assert.equal([...figures.keys()].filter((key) => key.startsWith('Terms ending')).length, 0, 'no events manager term ends soon')
  })

  it('is the default round\u2019s when asked, which holds only its own application', async () => {
    const { figures } = await csvFigures(`/reports/board-paper.csv?round=${round().firstRoundId}`)
    expectFigures(figures, { 'Applications | All | Applications': 1, 'Funnel | Accepted | Reached this step': 1, 'Career stage | Experienced | Applicants': 'Hidden (fewer than 5)' })
  })

  it('shows each chart with a name and description, beside a table with the same numbers', async () => {
    const agent = await signedInAgent(t.app, t.staff.bea)
    const page = await agent.get(`/reports?round=${round().roundId}`).expect(200)
    assert.match(page.text, /<title>Report: Spring 2027 - /)
    for (const id of ['report-funnel', 'report-timings', 'report-career', 'report-nhs']) {
      assert.match(page.text, new RegExp(`<svg [^>]*role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc"`), `${id} is a named image`)
      assert.match(page.text, new RegExp(`<title id="${id}-title">[^<]+: Spring 2027</title><desc id="${id}-desc">[^<]+</desc>`))
    }
    assert.match(page.text, /<desc id="report-funnel-desc">Bar chart of 14 applications\. How many reached each step: Submitted 14, In review 5, Shortlisted 2, Conversation 1, Offered 2, Accepted 1, Active 1\. Where they ended instead: Withdrawn 1, Unsuccessful 1, Declined 1\.<\/desc>/)
    assert.match(page.text, /<desc id="report-timings-desc">[^<]*Submitted to first review: median 2, longest 6, from 5 applications/)
    assert.match(page.text, /<desc id="report-career-desc">[^<]*Early in my career: 5; Experienced: fewer than 5/)
    // The bars' direct labels carry the numbers; the tables have them too.
    assert.match(page.text, /<text[^>]*>Median 10<\/text>/)
    const text = visibleText(page.text)
    assert.ok(text.includes('Applications at each step Step Applications Submitted 14 In review 5 Shortlisted 2 Conversation 1 Offered 2 Accepted 1 Active 1 Withdrawn (ended) 1 Unsuccessful (ended) 1 Declined (ended) 1'), 'the funnel table')
    assert.ok(
      text.includes('Step Submitted to first review Applications 5 Median days 2 Longest days 6 Step Submitted to a quorum of 2 reviews Applications 3 Median days 4 Longest days 10 Step Submitted to decision Applications 3 Median days 10 Longest days 12 Step Submitted to offer accepted Applications 1 Median days 20 Longest days 20'),
      'the timings table',
    )
    assert.ok(text.includes(`2 applications have waited longer than 7 days (the reminder setting) without a quorum of 2. Applications waiting too long Reference Days waiting ${round().references[4]} 10 ${round().references[5]} 9`))
    assert.ok(text.includes('Board member Bea Board Reviews done 3 Waiting for their review 8 Board member Ben Board Reviews done 5 Waiting for their review 9'), 'the board reviews table')
    assert.ok(/Role Events manager Applications 7 Shortlisted 0 Offered 0 Offers accepted 0 Places filled now 0 of \d+ Role Web developer Applications 7 Shortlisted 2 Offered 2 Offers accepted 1 Places filled now 1 of \d+/.test(text), 'the roles table')
    assert.ok(/Terms ending in the next 90 days Executive terms ending soon Role Term ends Days left Role Web developer Term ends \d{1,2} [A-Z][a-z]+ \d{4} Days left 60/.test(text), 'the terms table')
    assert.ok(text.includes('Career stage Applicants Apprentice Hidden : fewer than 5, or would let a small number be worked out Trainee Hidden'), 'the career stage table')
    assert.ok(text.includes('Early in my career 5 Experienced Hidden'))
    assert.ok(text.includes('Employment Applicants Employed by the NHS or a health or care organisation 9 Not employed by the NHS 5'), 'the NHS table')
    assert.doesNotMatch(page.text, /<svg[^>]* style=|<[a-z]+[^>]* style="/, 'no style attributes for the CSP to refuse')
    // The references waiting too long link to the review page; the paper lists them as text.
    assert.match(page.text, new RegExp(`<a href="/review/applications/${round().references[4]}">`))
    assert.match(page.text, new RegExp(`href="/reports/board-paper\\?round=${round().roundId}"`))
    assert.match(page.text, new RegExp(`href="/reports/board-paper.csv\\?round=${round().roundId}"`))
  })

  it('opens on the newest round, and ignores an unknown one', async () => {
    const agent = await signedInAgent(t.app, t.staff.cora)
    assert.match((await agent.get('/reports').expect(200)).text, /<h1>Spring 2027<\/h1>/)
    assert.match((await agent.get('/reports?round=00000000-0000-4000-8000-000000000000&role=nonsense').expect(200)).text, /<h1>Spring 2027<\/h1>/)
  })

  it('holds no personal data, in the page, the board paper or the CSV', async () => {
    const agent = await signedInAgent(t.app, t.staff.cora)
    const paths = [
      `/reports?round=${round().roundId}`,
      `/reports/board-paper?round=${round().roundId}`,
      `/reports/board-paper.csv?round=${round().roundId}`,
      `/reports/board-paper.csv?round=${round().firstRoundId}`,
      `/reports/board-paper.csv?round=${round().roundId}&role=${round().roleIds['web-developer']}`,
    ]
    for (const path of paths) {
      const text = (await agent.get(path).expect(200)).text.toLowerCase()
      for (const value of [...Object.values(CANARY), 'Zebedee', 'Quillfeather', 'zebedee.canary', 'Canary motivation']) {
        assert.ok(!text.includes(value.toLowerCase()), `${path} does not hold ${value}`)
      }
    }
  })

  it('prints as a board paper with the round and the date on every page', async () => {
    const agent = await signedInAgent(t.app, t.staff.bea)
    const paper = await agent.get(`/reports/board-paper?round=${round().roundId}`).expect(200)
    assert.match(paper.text, /<body class="app-paper-body">/)
    assert.match(paper.text, /<div class="app-paper-running-head" aria-hidden="true">Spring 2027 · \d{1,2} [A-Z][a-z]+ \d{4}<\/div>/)
    assert.match(paper.text, /<h1>Recruitment: Spring 2027<\/h1>/)
    assert.match(paper.text, new RegExp(`<td[^>]*>\\s*(?:<span[^>]*>[^<]*<\\/span>\\s*)?${round().references[4]}\\s*</td>`), 'a reference, not a link')
    assert.doesNotMatch(paper.text, /href="\/review\/applications\//)
    assert.match(paper.text, /<svg [^>]*role="img" aria-labelledby="paper-funnel-title"/)
  })

  it('CSV is safe to open in a spreadsheet: text that looks like a formula is kept as text', async () => {
    await t.database.dataSource.query(`UPDATE recruitment_rounds SET name = '=HYPERLINK("https://example.org/x","Spring")' WHERE id = $1`, [round().roundId])
    try {
      const agent = await signedInAgent(t.app, t.staff.cora)
      const csv = (await agent.get(`/reports/board-paper.csv?round=${round().roundId}`).expect(200)).text
      assert.ok(csv.startsWith('\uFEFFRound,Role,Date,Section,Item,Measure,Value\r\n'), 'a byte order mark, then the header')
      assert.match(csv, /\r\n"'=HYPERLINK\(""https:\/\/example\.org\/x"",""Spring""\)",All roles,/)
      assert.doesNotMatch(csv, /(^|,)=HYPERLINK/m)
    } finally {
      await t.database.dataSource.query(`UPDATE recruitment_rounds SET name = 'Spring 2027' WHERE id = $1`, [round().roundId])
    }
  })

  it('is for board members and community managers only', async () => {
    for (const path of ['/reports', '/reports/board-paper', '/reports/board-paper.csv']) {
      await request(t.app).get(path).expect(303).expect('Location', '/sign-in')
      await (await signedInAgent(t.app, t.staff.ada)).get(path).expect(403)
    }
  })
})
