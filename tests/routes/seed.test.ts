import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { Role, Settings } from '../../src/entities/index.ts'
import { seed } from '../../seeds/seed.ts'
import { roleSeeds } from '../../seeds/roles.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts'

let database: TestDatabase

before(async () => {
  database = await createTestDatabase()
})
after(async () => {
  await database.drop()
})

it('seeds the four roles from the post, open, with every responsibility', async () => {
  const roles = await database.dataSource.getRepository(Role).find({ order: { displayOrder: 'ASC' } })
  assert.deepEqual(
    roles.map((role) => [role.slug, role.status, role.hoursPerWeek, role.nhsEmploymentPreferred, role.responsibilities.length]),
    [
      ['community-manager', 'open', 2, true, 6],
      ['content-manager', 'open', 2, false, 3],
      ['events-manager', 'open', 2, true, 4],
      ['web-developer', 'open', 2, true, 5],
    ],
  )
  for (const role of roles) {
    assert.ok(role.criteria.some((c) => c.kind === 'essential' && c.text === 'Can give about 2 hours a week'))
    assert.ok(role.readingLinks.length >= 2)
    assert.ok(role.skills.length > 0)
    assert.ok(role.checklistTemplate.length > 0)
    assert.ok(role.questions.length > 0)
  }
})

it('is idempotent and never overwrites an edited role', async () => {
  const repository = database.dataSource.getRepository(Role)
  await repository.update({ slug: 'web-developer' }, { title: 'Web developer (edited)' })
  const before = await database.dataSource.query(`SELECT * FROM roles ORDER BY slug`)
  const result = await seed(database.dataSource)
  assert.deepEqual(result, { rolesCreated: 0, settingsCreated: false })
  const after = await database.dataSource.query(`SELECT * FROM roles ORDER BY slug`)
  assert.deepEqual(after, before)
  assert.equal(await repository.count(), roleSeeds.length)
  assert.equal(await database.dataSource.getRepository(Settings).count(), 1)
})

it('keeps unique slugs keys and criteria keys within each role', () => {
  assert.equal(new Set(roleSeeds.map((r) => r.slug)).size, roleSeeds.length)
  for (const role of roleSeeds) {
    assert.equal(new Set(role.criteria.map((c) => c.key)).size, role.criteria.length, role.slug)
    assert.equal(new Set(role.questions.map((q) => q.key)).size, role.questions.length, role.slug)
  }
})
