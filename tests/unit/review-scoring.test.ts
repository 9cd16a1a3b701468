import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Criterion } from '../../src/domain/role-definition.ts'
import {
  average,
  criterionAverages,
  formatAverage,
  isRecommendation,
  isScore,
  missingCriteria,
  parseScore,
  quorumState,
  sameCriterion,
  scoreProblems,
  sheetEntries,
  tallyRecommendations,
  type Scores,
  type SheetRole,
} from '../../src/domain/scoring.ts'
import { parseReview, reviewFormValues, reviewInput, SCORE_SHEET_ID, scoreSheetFields, scoreSheetSections, type ScoreSheetRole } from '../../src/forms/review.ts'

const commitment: Criterion = { key: 'commitment', text: 'Can give about 2 hours a week', kind: 'essential' }
const html: Criterion = { key: 'html', text: 'Some HTML and CSS', kind: 'desirable' }
const writing: Criterion = { key: 'writing', text: 'Clear writing', kind: 'desirable' }

const sheet: SheetRole[] = [
  { id: 'role-a', criteria: [commitment, html] },
  { id: 'role-b', criteria: [commitment, writing] },
]

function fullScores(score = 3): Scores {
  return {
    'role-a': { commitment: { score, note: null }, html: { score, note: 'Built a site' } },
    'role-b': { commitment: { score, note: null }, writing: { score, note: null } },
  }
}

describe('scores', () => {
  it('accepts whole numbers from 1 to 5 only', () => {
    for (const score of [1, 2, 3, 4, 5]) assert.equal(isScore(score), true)
    for (const score of [0, 6, 2.5, -1, Number.NaN, '3', null, undefined]) assert.equal(isScore(score), false, String(score))
  })

  it('parses exactly what the radios send', () => {
    assert.equal(parseScore('1'), 1)
    assert.equal(parseScore('5'), 5)
    for (const raw of ['', '0', '6', '3.5', '03', ' 3', '3 ', 'three', '1e0']) assert.equal(parseScore(raw), null, raw)
  })

  it('knows the recommendations', () => {
    assert.equal(isRecommendation('appoint'), true)
    assert.equal(isRecommendation('do-not-appoint'), true)
    assert.equal(isRecommendation('hire'), false)
    assert.equal(isRecommendation(undefined), false)
  })
})

describe('checking a score sheet', () => {
  it('finds nothing wrong with a complete sheet', () => {
    assert.deepEqual(scoreProblems(sheet, fullScores()), [])
    assert.deepEqual(missingCriteria(sheet, fullScores()), [])
  })

  it('names each criterion a review is missing, in sheet order', () => {
    const scores = fullScores()
    delete scores['role-a']!.html
    delete scores['role-b']
    assert.deepEqual(missingCriteria(sheet, scores), [
      { roleId: 'role-a', criterionKey: 'html' },
      { roleId: 'role-b', criterionKey: 'commitment' },
      { roleId: 'role-b', criterionKey: 'writing' },
    ])
    assert.deepEqual(
      scoreProblems(sheet, scores).map((p) => p.problem),
      ['missing', 'missing', 'missing'],
    )
  })

  it('refuses scores out of range, long notes and criteria that are not on the sheet', () => {
    const scores = fullScores()
    scores['role-a']!.commitment = { score: 0, note: null }
    scores['role-a']!.html = { score: 6, note: 'x'.repeat(501) }
    scores['role-a']!.invented = { score: 3, note: null }
    scores['role-c'] = { commitment: { score: 3, note: null } }
    assert.deepEqual(scoreProblems(sheet, scores), [
      { roleId: 'role-a', criterionKey: 'commitment', problem: 'out-of-range' },
      { roleId: 'role-a', criterionKey: 'html', problem: 'out-of-range' },
      { roleId: 'role-a', criterionKey: 'html', problem: 'note-too-long' },
      { roleId: 'role-a', criterionKey: 'invented', problem: 'unexpected' },
      { roleId: 'role-c', criterionKey: 'commitment', problem: 'unexpected' },
      // The shared criterion's 0 for role A is not role B's 3.
      { roleId: 'role-b', criterionKey: 'commitment', problem: 'differs' },
    ])
  })

  it('refuses a criterion the roles share scored, or noted, differently for one of them', () => {
    const scores = fullScores()
    scores['role-b']!.commitment = { score: 4, note: null }
    assert.deepEqual(scoreProblems(sheet, scores), [{ roleId: 'role-b', criterionKey: 'commitment', problem: 'differs' }])
    const noted = fullScores()
    noted['role-a']!.commitment = { score: 3, note: 'Tuesdays' }
    assert.deepEqual(scoreProblems(sheet, noted), [{ roleId: 'role-b', criterionKey: 'commitment', problem: 'differs' }])
  })

  it('counts a note in characters as people see them', () => {
    const scores = fullScores()
    scores['role-a']!.html = { score: 3, note: '😀'.repeat(500) }
    assert.deepEqual(scoreProblems(sheet, scores), [])
  })

  it('is not fooled by inherited property names', () => {
    const scores = JSON.parse('{"role-a": {"commitment": {"score": 3, "note": null}, "__proto__": {"score": 3}}}') as Scores
    const problems = scoreProblems([{ id: 'role-a', criteria: [commitment, { key: 'toString', text: 'x', kind: 'essential' }] }], scores)
    assert.deepEqual(
      problems.map((p) => [p.criterionKey, p.problem]),
      [
        ['toString', 'missing'],
        ['__proto__', 'unexpected'],
      ],
    )
  })
})

describe('criteria the roles share', () => {
  it('are the same words, whatever the case, spacing, closing full stop or key', () => {
    assert.equal(sameCriterion(commitment, { text: '  can give about 2  hours a week.' }), true)
    assert.equal(sameCriterion(commitment, { text: 'Can give about 3 hours a week' }), false)
  })

  it('make one entry of the sheet, under the first role, with every role it counts for', () => {
    const renamed: Criterion = { key: 'time', text: 'Can give about 2 hours a week', kind: 'desirable' }
    const entries = sheetEntries([...sheet, { id: 'role-c', criteria: [renamed, { ...html, key: 'html-2' }] }])
    assert.deepEqual(
      entries.map((entry) => entry.targets.map((target) => `${target.roleId}/${target.criterion.key}`)),
      [['role-a/commitment', 'role-b/commitment', 'role-c/time'], ['role-a/html', 'role-c/html-2'], ['role-b/writing']],
    )
  })

  it('never join two criteria of the same role', () => {
    const twice = sheetEntries([{ id: 'role-a', criteria: [commitment, { ...commitment, key: 'commitment-2' }] }])
    assert.equal(twice.length, 2)
  })
})

describe('averages', () => {
  it('rounds to one decimal place, halves up, without binary-fraction surprises', () => {
    assert.equal(average([]), null)
    assert.equal(average([3]), 3)
    assert.equal(average([3, 4]), 3.5)
    assert.equal(average([1, 2, 2]), 1.7)
    assert.equal(average([4, 4, 5]), 4.3)
    // 47 / 20 = 2.35, which 2.35.toFixed(1) would print as 2.4 or 2.3 depending on luck.
    assert.equal(average([...Array(13).fill(2), ...Array(7).fill(3)]), 2.4)
    assert.equal(formatAverage(4), '4.0')
    assert.equal(formatAverage(2.4), '2.4')
    assert.equal(formatAverage(null), 'No scores')
  })

  it('averages each criterion per role, with its count, ignoring reviews that did not score it', () => {
    const second = fullScores(4)
    delete second['role-b']!.writing
    const result = criterionAverages(sheet, [{ scores: fullScores(3) }, { scores: second }, { scores: { 'role-a': { html: { score: 9, note: null } } } }])
    assert.deepEqual(
      result.map((role) => ({ roleId: role.roleId, criteria: role.criteria.map((c) => [c.criterion.key, c.average, c.count]) })),
      [
        { roleId: 'role-a', criteria: [['commitment', 3.5, 2], ['html', 3.5, 2]] },
        { roleId: 'role-b', criteria: [['commitment', 3.5, 2], ['writing', 3, 1]] },
      ],
    )
  })

  it('shows criteria nobody has scored', () => {
    const [role] = criterionAverages([{ id: 'r', criteria: [commitment] }], [])
    assert.deepEqual(role!.criteria, [{ criterion: commitment, average: null, count: 0 }])
  })
})

describe('tally and quorum', () => {
  it('tallies recommendations, ignoring unknown ones', () => {
    assert.deepEqual(tallyRecommendations([]), { appoint: 0, maybe: 0, 'do-not-appoint': 0 })
    assert.deepEqual(
      tallyRecommendations([{ recommendation: 'appoint' }, { recommendation: 'maybe' }, { recommendation: 'appoint' }, { recommendation: 'do-not-appoint' }, { recommendation: 'hire' }]),
      { appoint: 2, maybe: 1, 'do-not-appoint': 1 },
    )
  })

  it('says how many reviews of the quorum there are', () => {
    assert.deepEqual(quorumState(1, 2), { reviews: 1, quorum: 2, reached: false, summary: '1 review so far, 2 needed' })
    assert.deepEqual(quorumState(2, 2), { reviews: 2, quorum: 2, reached: true, summary: '2 reviews, enough for a decision' })
    assert.equal(quorumState(3, 2).reached, true)
    assert.equal(quorumState(0, 1).summary, '0 reviews so far, 1 needed')
  })
})

describe('the score sheet form', () => {
  const roles: ScoreSheetRole[] = [
    { id: 'role-a', preference: 1, title: 'Web developer', criteria: [commitment, html] },
    { id: 'role-b', preference: 2, title: 'Content manager', criteria: [commitment, writing] },
  ]
  const valid = {
    'score-1-commitment': '4',
    'note-1-commitment': '  Said so clearly  ',
    'score-1-html': '3',
    'note-1-html': '',
    'score-2-writing': '5',
    recommendation: 'appoint',
    comment: 'A strong application',
  }

  it('names fields by preference and criterion key, a shared criterion after the first role that has it', () => {
    assert.deepEqual(
      scoreSheetFields(roles).map((field) => [field.scoreId, field.noteId, field.targets.map((target) => target.role.id)]),
      [
        ['score-1-commitment', 'note-1-commitment', ['role-a', 'role-b']],
        ['score-1-html', 'note-1-html', ['role-a']],
        ['score-2-writing', 'note-2-writing', ['role-b']],
      ],
    )
  })

  it('puts the shared criteria first, then each role’s own, every role with its part', () => {
    const allShared: ScoreSheetRole = { id: 'role-c', preference: 3, title: 'Events manager', criteria: [commitment] }
    assert.deepEqual(
      scoreSheetSections([...roles, allShared]).map((section) => [section.roles.map((role) => role.id), section.fields.map((field) => field.scoreId)]),
      [
        [['role-a', 'role-b', 'role-c'], ['score-1-commitment']],
        [['role-a'], ['score-1-html']],
        [['role-b'], ['score-2-writing']],
        [['role-c'], []],
      ],
    )
    assert.deepEqual(
      scoreSheetSections([roles[0]!]).map((section) => section.fields.length),
      [2],
      'one role: one part',
    )
  })

  it('turns a valid form into a review keyed by application role id', () => {
    const { values, errors } = parseReview(valid, roles)
    assert.deepEqual(errors, {})
    assert.deepEqual(reviewInput(values, roles), {
      scores: {
        'role-a': { commitment: { score: 4, note: 'Said so clearly' }, html: { score: 3, note: null } },
        'role-b': { commitment: { score: 4, note: 'Said so clearly' }, writing: { score: 5, note: null } },
      },
      recommendation: 'appoint',
      comment: 'A strong application',
    })
    assert.deepEqual(reviewFormValues(reviewInput(values, roles), roles), values)
  })

  it('fills the shared field from a review made when each role was scored on its own', () => {
    const older = {
      scores: { 'role-a': { html: { score: 2, note: null } }, 'role-b': { commitment: { score: 5, note: 'From before' }, writing: { score: 4, note: null } } },
      recommendation: 'maybe',
      comment: null,
    }
    const values = reviewFormValues(older, roles)
    assert.equal(values.scores['score-1-commitment'], '5')
    assert.equal(values.notes['note-1-commitment'], 'From before')
  })

  it('says which criterion needs a score, naming the role when there are several', () => {
    const { errors, values } = parseReview({ ...valid, 'score-1-html': '', 'score-2-writing': '6', 'score-1-commitment': '0', recommendation: '' }, roles)
    assert.deepEqual(errors, {
      'score-1-commitment': 'Select a score from 1 to 5 for “Can give about 2 hours a week”',
      'score-1-html': 'Select a score for “Some HTML and CSS” (Web developer)',
      'score-2-writing': 'Select a score from 1 to 5 for “Clear writing” (Content manager)',
      recommendation: 'Select a recommendation',
    })
    assert.equal(values.scores['score-2-writing'], '6', 'what was sent is kept')
  })

  it('refuses fields for criteria that are not on the sheet, a shared one under its second role included', () => {
    assert.deepEqual(Object.keys(parseReview({ ...valid, 'score-1-invented': '5' }, roles).errors), [SCORE_SHEET_ID])
    assert.deepEqual(Object.keys(parseReview({ ...valid, 'score-2-commitment': '4' }, roles).errors), [SCORE_SHEET_ID])
  })

  it('limits notes to 500 characters and the comment to 2000', () => {
    const { errors, values } = parseReview({ ...valid, 'note-1-html': 'n'.repeat(501), comment: 'c'.repeat(2001) }, roles)
    assert.deepEqual(errors, {
      'note-1-html': 'Your note on “Some HTML and CSS” (Web developer) must be 500 characters or fewer',
      comment: 'Your comment must be 2000 characters or fewer',
    })
    assert.equal(values.notes['note-1-html'], 'n'.repeat(501))
    assert.deepEqual(parseReview({ ...valid, 'note-1-html': 'n'.repeat(500), comment: 'c'.repeat(2000) }, roles).errors, {})
  })

  it('treats a repeated field as not answered', () => {
    const { errors } = parseReview({ ...valid, 'score-1-html': ['3', '4'] }, roles)
    assert.deepEqual(Object.keys(errors), ['score-1-html'])
  })
})
