// Target 1: the public role pages against bare Express hello-world, in the same run.
import type { BenchContext } from '../lib/app-client.ts'
import { record, recordLoad } from '../lib/figures.ts'
import { loadGet } from '../lib/load.ts'
import { sleep } from '../lib/run-state.ts'

const GROUP = 'public pages'
export const RATIO_TO_EXPRESS = 0.6
const P99_MS = 10
const PAGES = ['/roles/web-developer', '/roles']

export async function publicPages(context: BenchContext): Promise<void> {
  const http = await loadGet(context.baselines.http.baseUrl, {}, context.baselines.http.child.pid)
  recordLoad(GROUP, 'http hello-world', http, { noErrors: false })
  await sleep(500)
  const express = await loadGet(context.baselines.express.baseUrl, {}, context.baselines.express.child.pid)
  recordLoad(GROUP, 'express hello-world', express, { noErrors: false })
  for (const page of PAGES) {
    await sleep(500)
    const load = await loadGet(context.app.baseUrl + page, {}, context.app.child.pid)
    recordLoad(GROUP, page, load, { p99Ms: P99_MS })
    record(GROUP, `${page} share of express hello-world req/s`, load.requestsPerSecond / express.requestsPerSecond, 'ratio', {
      op: '>=',
      limit: RATIO_TO_EXPRESS,
    })
  }
}
