import fs from 'node:fs'
import path from 'node:path'

// The same code runs from src/ (tsx) and from dist/src/ (compiled), so the project root is
// found by walking up to package.json rather than by a fixed number of '..'.
function findRoot(start: string): string {
  let dir = start
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error(`No package.json above ${start}`)
    dir = parent
  }
  return dir
}

export const rootDir = findRoot(import.meta.dirname)
export const viewsDir = path.join(rootDir, 'views')
export const publicDir = path.join(rootDir, 'public')
export const nhsukFrontendDir = path.join(rootDir, 'node_modules', 'nhsuk-frontend', 'dist', 'nhsuk')
