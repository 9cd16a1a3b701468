// Recruitment rounds: existing roles and applications are in a default round; a community manager
// creates a round, reopens a closed role in it, and finishes a round once none of its roles is
// open. Each application keeps the round its role was in when the person applied.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request from 'supertest'
import { useTestApp } from '../helpers/app.ts'
import { csrfTokenFrom, submitForm } from '../helpers/forms.ts'
import { submitApplication } from '../helpers/review.ts'
import { signedInAgent } from '../helpers/staff.ts'

const t = useTestApp({
  staff: {
    cora: { name: 'Cora Manager', roles: ['community-manager'] },
    bea: { name: 'Bea Board', roles: ['board-member'] },
  },
})
const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.database.dataSource.query(sql, params)
const roundOf = async (name: string) => (await query<{ id: string; version: number }>(`SELECT id, version FROM recruitment_rounds WHERE name = $1`, [name]))[0]!
const role = async (slug: string) => (await query<{ id: string; version: number; status: string; round_id: string }>(`SELECT id, version, status, round_id FROM roles WHERE slug = $1`, [slug]))[0]!

describe('recruitment rounds', () => {
  it('start with one default round holding the seeded roles', async () => {
    const rounds = await query<{ name: string; status: string }>(`SELECT name, status FROM recruitment_rounds`)
    assert.deepEqual(rounds, [{ name: 'First recruitment round', status: 'open' }])
    const first = await roundOf('First recruitment round')
    assert.deepEqual(await query(`SELECT DISTINCT round_id FROM roles`), [{ round_id: first.id }])
  })

  it('are created by a community manager, with a unique name, and a closed role reopens in one while its old applications stay put', async () => {
    const manager = await signedInAgent(t.app, t.staff.cora)
    const first = await roundOf('First recruitment round')
    const before = await submitApplication(t, { email: 'before@example.org' })
    assert.deepEqual(await query(`SELECT round_id FROM application_roles WHERE application_id = $1`, [before.id]), [{ round_id: first.id }])

    const empty = await submitForm(manager, '/admin/rounds/new', { name: '  ' })
    assert.equal(empty.status, 400)
    assert.match(empty.text, /Enter a name for the round/)
    assert.equal((await submitForm(manager, '/admin/rounds/new', { name: 'Executive team, spring 2027' })).status, 303)
    const duplicate = await submitForm(manager, '/admin/rounds/new', { name: 'executive team, SPRING 2027' })
    assert.equal(duplicate.status, 400)
    assert.match(duplicate.text, /Another round already has this name/)
    const spring = await roundOf('Executive team, spring 2027')
    assert.match((await manager.get('/admin/rounds').expect(200)).text, /Executive team, spring 2027/)

    // Only a role that can open is reopened; an open one has no such page.
    const webDeveloper = await role('web-developer')
    assert.equal(webDeveloper.status, 'open')
    await manager.get(`/admin/roles/${webDeveloper.id}/round`).expect(404)
    assert.equal((await submitForm(manager, `/admin/roles/${webDeveloper.id}/close`, { version: String(webDeveloper.version) })).status, 303)
    const closed = await role('web-developer')
    const page = await manager.get(`/admin/roles/${closed.id}/round`).expect(200)
    assert.match(page.text, /It is in First recruitment round now/)
    assert.doesNotMatch(page.text, /value="[^"]*"[^>]*>\s*<label[^>]*>\s*First recruitment round/, 'its own round is not offered')
    const unchosen = await manager.post(`/admin/roles/${closed.id}/round`).type('form').send({ _csrf: csrfTokenFrom(page), version: String(closed.version) })
    assert.equal(unchosen.status, 400)
    assert.match(unchosen.text, /Choose the round to reopen the role in/)
    const stale = await manager.post(`/admin/roles/${closed.id}/round`).type('form').send({ _csrf: csrfTokenFrom(page), version: String(closed.version - 1), roundId: spring.id })
    assert.equal(stale.status, 409)
    const reopened = await manager.post(`/admin/roles/${closed.id}/round`).type('form').send({ _csrf: csrfTokenFrom(page), version: String(closed.version), roundId: spring.id })
    assert.equal(reopened.status, 303)
    const moved = await role('web-developer')
    assert.deepEqual({ status: moved.status, round: moved.round_id }, { status: 'open', round: spring.id })

    const after = await submitApplication(t, { email: 'after@example.org' })
    assert.deepEqual(await query(`SELECT round_id FROM application_roles WHERE application_id = $1`, [after.id]), [{ round_id: spring.id }])
    assert.deepEqual(await query(`SELECT round_id FROM application_roles WHERE application_id = $1`, [before.id]), [{ round_id: first.id }], 'the earlier application stays in its round')
    assert.deepEqual(
      await query(`SELECT action, from_status, to_status FROM audit_events WHERE subject_type = 'role' AND subject_id = $1 ORDER BY id DESC LIMIT 1`, [moved.id]),
      [{ action: 'role.opened', from_status: 'closed', to_status: 'open' }],
    )
  })

  it('are finished only once none of their roles is open, and a finished round takes no role', async () => {
    const manager = await signedInAgent(t.app, t.staff.cora)
    const first = await roundOf('First recruitment round')
    const list = await manager.get('/admin/rounds')
    const refused = await manager.post(`/admin/rounds/${first.id}/finish`).type('form').send({ _csrf: csrfTokenFrom(list), version: String(first.version) })
    assert.equal(refused.status, 400)
    assert.match(refused.text, /Close these roles, or reopen them in another round, before you finish the round: Community manager/)

    await query(`UPDATE roles SET status = 'closed' WHERE round_id = $1 AND status = 'open'`, [first.id])
    const staleList = await manager.post(`/admin/rounds/${first.id}/finish`).type('form').send({ _csrf: csrfTokenFrom(list), version: String(first.version + 5) })
    assert.equal(staleList.status, 409)
    const finished = await manager.post(`/admin/rounds/${first.id}/finish`).type('form').send({ _csrf: csrfTokenFrom(list), version: String(first.version) })
    assert.equal(finished.status, 303)
    const [row] = await query<{ status: string; finished: boolean }>(`SELECT status, finished_at IS NOT NULL AS finished FROM recruitment_rounds WHERE id = $1`, [first.id])
    assert.deepEqual(row, { status: 'finished', finished: true })

    // A role can no longer be reopened in it.
    const events = await role('events-manager')
    const page = await manager.get(`/admin/roles/${events.id}/round`).expect(200)
    assert.doesNotMatch(page.text, /First recruitment round<\/label>/)
    const sneaked = await manager.post(`/admin/roles/${events.id}/round`).type('form').send({ _csrf: csrfTokenFrom(page), version: String(events.version), roundId: first.id })
    assert.equal(sneaked.status, 400)
    assert.match(sneaked.text, /That round no longer takes roles/)
  })

  it('are for community managers only', async () => {
    await request(t.app).get('/admin/rounds').expect(303).expect('Location', '/sign-in')
    const board = await signedInAgent(t.app, t.staff.bea)
    await board.get('/admin/rounds').expect(403)
  })
})
