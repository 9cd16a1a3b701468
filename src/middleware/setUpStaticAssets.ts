import fs from 'node:fs'
import path from 'node:path'
import express, { Router } from 'express'
import { nhsukFrontendDir, publicDir, rootDir } from '../paths.ts'

function versionOf(packageJson: string): string {
  return (JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string }).version
}

export const NHSUK_FRONTEND_VERSION = versionOf(path.join(rootDir, 'node_modules', 'nhsuk-frontend', 'package.json'))
export const ASSET_VERSION = versionOf(path.join(rootDir, 'package.json'))

const YEAR = 365 * 24 * 60 * 60 * 1000
const WEEK = 7 * 24 * 60 * 60 * 1000

/**
 * Versioned paths are cached for a year (a new release changes the path); /assets is where the
 * NHS.UK stylesheet expects its images, so it keeps its path and gets a week.
 */
export default function setUpStaticAssets(): Router {
  const router = Router()
  const options = (maxAge: number, immutable: boolean) => ({ maxAge, immutable, index: false, fallthrough: false })
  router.use(`/nhsuk-frontend/${NHSUK_FRONTEND_VERSION}`, express.static(nhsukFrontendDir, options(YEAR, true)))
  router.use('/assets', express.static(`${nhsukFrontendDir}/assets`, options(WEEK, false)))
  router.use(`/static/${ASSET_VERSION}`, express.static(publicDir, options(YEAR, true)))
  router.get('/favicon.ico', (_req, res) => {
    res.sendFile(`${nhsukFrontendDir}/assets/images/favicon.ico`, { maxAge: WEEK })
  })
  return router
}
