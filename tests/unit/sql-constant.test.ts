import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sqlConstant } from '../../src/db/prepared.ts'

describe('constants written into a statement', () => {
  it('writes booleans, whole numbers and lists of names as SQL', () => {
    assert.equal(sqlConstant(true), 'true')
    assert.equal(sqlConstant(false), 'false')
    assert.equal(sqlConstant(25), '25')
    assert.equal(sqlConstant(['submitted', 'in_review', 'do-not-appoint']), `ARRAY['submitted', 'in_review', 'do-not-appoint']::text[]`)
    assert.equal(sqlConstant([]), 'ARRAY[]::text[]')
  })

  it('refuses anything that could change the statement', () => {
    assert.throws(() => sqlConstant(["x'); DROP TABLE roles; --"]), /Only names/)
    assert.throws(() => sqlConstant(['Submitted']), /Only names/)
    assert.throws(() => sqlConstant(['']), /Only names/)
    assert.throws(() => sqlConstant(1.5), /whole number/)
    assert.throws(() => sqlConstant(Number.NaN), /whole number/)
  })
})
