import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import request from 'supertest'
import { AuditEvent, EmailMessage, StaffUser } from '../../src/entities/index.ts'
import { useTestApp } from '../helpers/app.ts'
import { submitForm } from '../helpers/forms.ts'
import { createStaff, signIn } from '../helpers/staff.ts'

const t = useTestApp({
  staff: {
    admin: { name: 'Ada Admin', roles: ['admin'] },
  },
})

async function adminAgent() {
  const agent = request.agent(t.app)
  await signIn(agent, t.staff.admin)
  return agent
}

describe('staff accounts', () => {
  it('an admin invites someone with roles and a board term; they are emailed a link', async () => {
    const agent = await adminAgent()
    const invalid = await submitForm(agent, '/admin/users/invite', { name: '', email: 'bad', roles: ['wizard'], boardTermStartsOn: '2026-02-30' })
    assert.equal(invalid.status, 400)
    for (const message of [/Enter their full name/, /correct format/, /Select at least one role/, /real date/]) assert.match(invalid.text, message)

    const done = await submitForm(agent, '/admin/users/invite', {
      name: 'Bea Board',
      email: 'Bea@Example.org',
      roles: ['board-member'],
      boardTermStartsOn: '2026-04-01',
      boardTermEndsOn: '2027-03-31',
    })
    assert.equal(done.status, 303)
    const user = await t.database.dataSource.getRepository(StaffUser).findOneByOrFail({ email: 'bea@example.org' })
    assert.deepEqual(user.roles, ['board-member'])
    assert.equal(user.boardTermEndsOn, '2027-03-31')
    assert.equal((await t.database.dataSource.getRepository(EmailMessage).findOneByOrFail({ recipient: 'bea@example.org' })).template, 'staff-invitation')
    const list = await agent.get('/admin/users').expect(200)
    assert.match(list.text, /Bea Board/)
    assert.match(list.text, /Invited/)

    const again = await submitForm(agent, '/admin/users/invite', { name: 'Bea Again', email: 'bea@example.org', roles: ['admin'] })
    assert.equal(again.status, 400)
    assert.match(again.text, /already uses this email address/)
  })

  it('an admin changes roles, and deactivating ends the person’s sessions', async () => {
    const member = await createStaff(t, ['board-member'], 'Moe Member')
    const memberAgent = request.agent(t.app)
    await signIn(memberAgent, member)
    await memberAgent.get('/staff').expect(200)

    const agent = await adminAgent()
    assert.equal((await submitForm(agent, `/admin/users/${member.id}`, { name: 'Moe Member', roles: ['board-member', 'community-manager'] })).status, 303)
    assert.deepEqual((await t.database.dataSource.getRepository(StaffUser).findOneByOrFail({ id: member.id })).roles, ['board-member', 'community-manager'])

    assert.equal((await submitForm(agent, `/admin/users/${member.id}/deactivate`, {})).status, 303)
    await memberAgent.get('/staff').expect(303)
    assert.equal((await t.database.dataSource.getRepository(StaffUser).findOneByOrFail({ id: member.id })).active, false)
    assert.equal(await t.database.dataSource.getRepository(AuditEvent).countBy({ subjectId: member.id, action: 'staff.deactivated' }), 1)
  })

  it('an admin cannot deactivate themselves or remove their own admin role', async () => {
    const agent = await adminAgent()
    await agent.get(`/admin/users/${t.staff.admin.id}/deactivate`).expect(404)
    await submitForm(agent, `/admin/users/${t.staff.admin.id}`, { name: 'Ada Admin', roles: ['board-member'] })
    assert.deepEqual((await t.database.dataSource.getRepository(StaffUser).findOneByOrFail({ id: t.staff.admin.id })).roles.sort(), ['admin', 'board-member'])
  })

  it('is for admins only', async () => {
    await request(t.app).get('/admin/users').expect(303)
    const member = await createStaff(t, ['board-member', 'community-manager'])
    const agent = request.agent(t.app)
    await signIn(agent, member)
    await agent.get('/admin/users').expect(403)
    await agent.get('/admin/users/invite').expect(403)
  })
})
