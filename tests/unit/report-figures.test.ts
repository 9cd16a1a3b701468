// The report's arithmetic (median and longest days, how far along the line an application got)
// and its charts (SVG named and described for assistive technology, text escaped, no style attributes).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { daysText, reachedStep, summariseDays, wholeDaysBetween } from '../../src/domain/report-figures.ts'
import { renderChart } from '../../src/views/charts.ts'

describe('days to a step', () => {
  it('are the median (the mean of the middle two for an even count) and the longest', () => {
    assert.deepEqual(summariseDays([]), { count: 0, median: null, longest: null })
    assert.deepEqual(summariseDays([6, 1, 2]), { count: 3, median: 2, longest: 6 })
    assert.deepEqual(summariseDays([4, 1, 3, 10]), { count: 4, median: 3.5, longest: 10 })
    assert.equal(daysText(3.5), '3.5')
    assert.equal(daysText(3), '3')
    assert.equal(daysText(null), 'None yet')
  })

  it('are whole days, counted down', () => {
    const from = new Date('2026-03-01T10:00:00Z')
    assert.equal(wholeDaysBetween(from, new Date('2026-03-03T09:59:59Z')), 1)
    assert.equal(wholeDaysBetween(from, new Date('2026-03-03T10:00:00Z')), 2)
  })
})

describe('the funnel', () => {
  it('counts a step as reached by whoever had it or got further, but a conversation only when there was one', () => {
    // Shortlisted, then offered without a conversation, then declined.
    const declined = ['in_review', 'shortlisted', 'offered', 'declined']
    assert.equal(reachedStep(declined, 'shortlisted'), true)
    assert.equal(reachedStep(declined, 'interview'), false)
    assert.equal(reachedStep(declined, 'offered'), true)
    assert.equal(reachedStep(declined, 'accepted'), false)
    // Shortlisted straight from submitted: it passed review.
    assert.equal(reachedStep(['shortlisted', 'withdrawn'], 'in_review'), true)
    assert.equal(reachedStep(['withdrawn'], 'in_review'), false)
    assert.equal(reachedStep(['submitted'], 'submitted'), true)
  })
})

describe('a chart', () => {
  it('is an SVG image named by its title and described by its description, with every text escaped and no style attribute', async () => {
    const svg = await renderChart({
      id: 'test',
      title: 'Round <b>"one"</b>',
      description: 'A & B',
      axisTitle: 'Applications',
      bars: [
        { label: '<img src=x onerror=alert(1)>', value: 3, text: '3' },
        { label: 'Hidden', value: null, text: 'Hidden' },
      ],
    })
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="app-chart" viewBox="[\d.]+ [\d.]+ [\d.]+ [\d.]+" role="img" aria-labelledby="test-title" aria-describedby="test-desc" focusable="false">/)
    assert.match(svg, /<title id="test-title">Round &lt;b&gt;&quot;one&quot;&lt;\/b&gt;<\/title><desc id="test-desc">A &amp; B<\/desc>/)
    assert.doesNotMatch(svg, /<img/, 'a label is text, never markup')
    assert.match(svg, /&lt;img src=x onerror=alert\(1\)&gt;/)
    assert.doesNotMatch(svg, /\sstyle="/)
    assert.doesNotMatch(svg.slice(svg.indexOf('</desc>')), /\s(?:role|aria-[a-z]+)="/, 'the marks are not announced one by one')
  })
})
