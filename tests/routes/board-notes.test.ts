// The board's meeting summary notes: admins write them in Markdown as drafts the board can read,
// publish them to /board/notes (public, newest meeting first, with the date and attendance), and
// take them back; the Markdown is rendered and sanitised; edits made on an old page are refused.
import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import request from 'supertest'
import { useTestApp } from '../helpers/app.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { signedInAgent } from '../helpers/staff.ts'

const t = useTestApp({
  staff: {
    bea: { name: 'Bea Board', roles: ['board-member'] },
    cora: { name: 'Cora Manager', roles: ['community-manager'] },
    ada: { name: 'Ada Admin', roles: ['admin'] },
  },
})
const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.database.dataSource.query(sql, params)

const agentFor = (user: { email: string }) => signedInAgent(t.app, user)

const MARCH = { title: 'Board meeting, March 2026', meetingOn: '2026-03-12', attendance: 'Present: Bea Board, Ben Board\nApologies: Cal Board', body: '## Decisions\n\nWe **approved** the events plan.\n\n- Recruit a web developer\n- Publish the strategy' }

/** An admin writes notes; returns the new notes' path. */
async function writeNotes(agent: ReturnType<typeof request.agent>, fields: Record<string, string>): Promise<string> {
  const response = await submitForm(agent, '/board/notes/new', fields)
  assert.equal(response.status, 303, 'saved')
  const location = String(response.headers.location)
  assert.match(location, /^\/board\/notes\/[0-9a-f-]{36}$/)
  return location
}

async function post(agent: ReturnType<typeof request.agent>, path: string, fields: Record<string, string>) {
  return submitForm(agent, path, fields, { from: '/board/notes' })
}

const versionOf = async (path: string) => (await query<{ version: number }>(`SELECT version FROM board_notes WHERE id = $1`, [path.split('/').pop()]))[0]!.version

beforeEach(async () => {
  await query(`DELETE FROM board_notes`)
})

describe('board notes', () => {
  it('are written as a draft the board sees and nobody else does, then published for everyone with the date and attendance', async () => {
    const admin = await agentFor(t.staff.ada)
    const path = await writeNotes(admin, MARCH)
    assert.match((await admin.get(path).expect(200)).text, /The notes have been saved as a draft/)

    // The draft: the board reads it; the public and other staff find nothing.
    const board = await agentFor(t.staff.bea)
    const draft = await board.get(path).expect(200)
    assert.match(draft.text, /These notes are a draft: only the board can see them/)
    assert.match(draft.text, /<h2>Decisions<\/h2>/)
    assert.match((await board.get('/board/notes').expect(200)).text, /Drafts[\s\S]*Board meeting, March 2026/)
    assert.doesNotMatch(draft.text, /Publish these notes/, 'only admins publish')
    await request(t.app).get(path).expect(404)
    await (await agentFor(t.staff.cora)).get(path).expect(404)
    const publicList = await request(t.app).get('/board/notes').expect(200)
    assert.doesNotMatch(publicList.text, /March 2026/)
    assert.match(publicList.text, /No notes have been published yet/)

    // Published: public, with the date, attendance and rendered notes.
    const published = await post(admin, `${path}/publish`, { version: String(await versionOf(path)) })
    assert.equal(published.status, 303)
    const page = await request(t.app).get(path).expect(200)
    assert.match(page.text, /<title>Board meeting, March 2026 - /)
    assert.match(page.text, /Board meeting of 12 March 2026/)
    assert.match(page.text, /Present: Bea Board, Ben Board\nApologies: Cal Board/)
    assert.match(page.text, /We <strong>approved<\/strong> the events plan\./)
    assert.match(page.text, /<li>Recruit a web developer<\/li>/)
    assert.doesNotMatch(page.text, /only the board can see them/)
    const [audit] = await query<{ from_status: string; to_status: string; actor_id: string }>(`SELECT from_status, to_status, actor_id FROM audit_events WHERE action = 'board-note.published'`)
    assert.deepEqual(audit, { from_status: 'draft', to_status: 'published', actor_id: t.staff.ada.id })

    // Back to a draft: gone from the public again.
    assert.equal((await post(admin, `${path}/unpublish`, { version: String(await versionOf(path)) })).status, 303)
    await request(t.app).get(path).expect(404)
    assert.deepEqual(await query(`SELECT status, published_at FROM board_notes`), [{ status: 'draft', published_at: null }])
  })

  it('are listed newest meeting first', async () => {
    const admin = await agentFor(t.staff.ada)
    for (const [title, meetingOn] of [['January notes', '2026-01-15'], ['March notes', '2026-03-12'], ['February notes', '2026-02-12']]) {
      const path = await writeNotes(admin, { ...MARCH, title: title!, meetingOn: meetingOn! })
      await post(admin, `${path}/publish`, { version: String(await versionOf(path)) })
    }
    const list = await request(t.app).get('/board/notes').expect(200)
    const titles = [...list.text.matchAll(/>(\w+) notes<\/a>/g)].map((match) => match[1])
    assert.deepEqual(titles, ['March', 'February', 'January'])
    assert.match(list.text, /Meeting of 12 March 2026/)
  })

  it('show Markdown safely: no script, event handler or javascript: link reaches the page', async () => {
    const admin = await agentFor(t.staff.ada)
    const path = await writeNotes(admin, { ...MARCH, title: '<b>Notes</b>', body: 'Hello <script>alert(1)</script><img src=x onerror="alert(2)"> [click](javascript:alert(3))' })
    await post(admin, `${path}/publish`, { version: String(await versionOf(path)) })
    const page = await request(t.app).get(path).expect(200)
    for (const bad of ['alert(1)', 'onerror', 'javascript:', '<b>Notes</b>']) assert.ok(!page.text.includes(bad), `no ${bad}`)
    assert.match(page.text, /&lt;b&gt;Notes&lt;\/b&gt;/)
    assert.match(page.text, /<a class="nhsuk-link">click<\/a>/)
  })

  it('explain what is missing or too long, keep what was typed, and save nothing', async () => {
    const admin = await agentFor(t.staff.ada)
    const response = await submitForm(admin, '/board/notes/new', { title: 'x'.repeat(121), meetingOn: '2026-02-30', attendance: '', body: 'Kept text' })
    assert.equal(response.status, 400)
    assert.match(response.text, /<title>Error: Write a meeting’s summary notes - /)
    for (const [field, message] of [
      ['title', 'The title must be 120 characters or fewer'],
      ['meetingOn', 'The date of the meeting must be a real date'],
      ['attendance', 'Enter who attended the meeting'],
    ]) {
      assert.match(response.text, new RegExp(`<a href="#${field}">\\s*${message}\\s*</a>`))
    }
    assert.match(response.text, />Kept text<\/textarea>/)
    assert.deepEqual(await query(`SELECT 1 FROM board_notes`), [])
  })

  it('are changed from the version the admin saw; a change made on an old page is refused and says so', async () => {
    const admin = await agentFor(t.staff.ada)
    const path = await writeNotes(admin, MARCH)
    const [first, second] = [await admin.get(`${path}/edit`), await admin.get(`${path}/edit`)]
    const version = /name="version" value="(\d+)"/.exec(first.text)![1]!
    const a = await admin.post(`${path}/edit`).type('form').send({ ...MARCH, title: 'First change', version, _csrf: csrfTokenFrom(first) })
    const b = await admin.post(`${path}/edit`).type('form').send({ ...MARCH, title: 'Second change', version, _csrf: csrfTokenFrom(second) })
    assert.equal(a.status, 303)
    assert.equal(b.status, 409)
    assert.match(b.text, /These notes changed while you were looking at them/)
    assert.match(b.text, /value="Second change"/, 'what was typed is kept')
    assert.deepEqual(await query(`SELECT title, version FROM board_notes`), [{ title: 'First change', version: 2 }])
    // Publishing from the old page is refused too.
    const stale = await post(admin, `${path}/publish`, { version })
    assert.equal(stale.status, 409)
    assert.deepEqual(await query(`SELECT status FROM board_notes`), [{ status: 'draft' }])
  })

  it('are written by admins only', async () => {
    const board = await agentFor(t.staff.bea)
    await board.get('/board/notes/new').expect(403)
    assert.equal((await post(board, '/board/notes/new', MARCH)).status, 403)
    const admin = await agentFor(t.staff.ada)
    const path = await writeNotes(admin, MARCH)
    assert.equal((await post(board, `${path}/publish`, { version: '1' })).status, 403)
    assert.equal((await post(board, `${path}/edit`, { ...MARCH, version: '1' })).status, 403)
    await request(t.app).get(`${path}/edit`).expect(303).expect('Location', '/sign-in')
    assert.deepEqual(await query(`SELECT status, version FROM board_notes`), [{ status: 'draft', version: 1 }])
  })
})
