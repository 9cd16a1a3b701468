// Staff-written Markdown (the board's meeting notes) becomes HTML that is safe to show anyone.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { renderMarkdown } from '../../src/services/markdown.ts'

describe('renderMarkdown', () => {
  it('renders paragraphs, lists, emphasis, links and tables, with headings from h2', () => {
    const html = renderMarkdown('# Decisions\n\nWe **agreed** the _plan_.\n\n- one\n- two\n\n[Our site](https://nhs-pycom.net)\n\n| a | b |\n|---|---|\n| 1 | 2 |')
    assert.match(html, /<h2>Decisions<\/h2>/)
    assert.doesNotMatch(html, /<h1/)
    assert.match(html, /<strong>agreed<\/strong> the <em>plan<\/em>/)
    assert.match(html, /<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/)
    assert.match(html, /<a href="https:\/\/nhs-pycom\.net" class="nhsuk-link">Our site<\/a>/)
    assert.match(html, /<table class="nhsuk-table">/)
  })

  it('removes scripts, styles, frames, images, event handlers, classes and links that run code', () => {
    const html = renderMarkdown(
      [
        '<script>alert(1)</script>',
        '<style>body { display: none }</style>',
        '<iframe src="https://example.org"></iframe>',
        '<img src="x" onerror="alert(1)">',
        '<a href="https://example.org" onclick="alert(1)" class="evil" style="color: red">styled</a>',
        '[run](javascript:alert(1)) [data](data:text/html,hi) [vb](vbscript:x) [relative](//evil.example)',
        '<p onmouseover="alert(1)">hover</p>',
      ].join('\n\n'),
    )
    for (const bad of ['<script', 'alert(1)</', '<style', 'display: none', '<iframe', '<img', 'onerror', 'onclick', 'onmouseover', 'evil"', 'style=', 'javascript:', 'data:', 'vbscript:', '//evil']) {
      assert.ok(!html.includes(bad), `no ${bad} in ${html}`)
    }
    assert.match(html, /<a href="https:\/\/example\.org" class="nhsuk-link">styled<\/a>/)
    assert.match(html, /<p>hover<\/p>/)
  })

  it('escapes text that looks like markup but is not allowed', () => {
    assert.match(renderMarkdown('Tom & Jerry <3 `<b>`'), /Tom &amp; Jerry &lt;3 <code>&lt;b&gt;<\/code>/)
  })
})
