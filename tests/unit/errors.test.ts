import assert from 'node:assert/strict'
import { it } from 'node:test'
import { AppError } from '../../src/domain/errors.ts'
import { HttpError } from '../../src/middleware/errorHandler.ts'
import { StaleRoleError } from '../../src/actions/admin/roles/role-change.ts'

it('names every app error after its class', () => {
  for (const error of [new StaleRoleError(), new HttpError(404, 'gone')]) {
    assert.ok(error instanceof AppError)
    assert.ok(error instanceof Error)
    assert.equal(error.name, error.constructor.name)
  }
  assert.equal(new HttpError(404, 'gone').status, 404)
  assert.match(String(new StaleRoleError()), /^StaleRoleError: The role was changed by someone else$/)
})
