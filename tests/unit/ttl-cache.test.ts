import assert from 'node:assert/strict'
import { it } from 'node:test'
import { TtlCache } from '../../src/services/ttl-cache.ts'

it('keeps a value for its lifetime, then loads it again', async () => {
  const cache = new TtlCache<number>(10)
  let loads = 0
  const load = async () => ++loads
  assert.equal(await cache.get(load, 0), 1)
  assert.equal(await cache.get(load, 9_999), 1)
  assert.equal(await cache.get(load, 10_000), 2)
  cache.clear()
  assert.equal(await cache.get(load, 10_001), 3)
})

it('does not keep a failed load, and a lifetime of 0 never caches', async () => {
  const cache = new TtlCache<number>(10)
  await assert.rejects(cache.get(() => Promise.reject(new Error('down')), 0))
  assert.equal(await cache.get(async () => 5, 1), 5)
  const off = new TtlCache<number>(0)
  let loads = 0
  await off.get(async () => ++loads)
  await off.get(async () => ++loads)
  assert.equal(loads, 2)
})
