// The app starts with the same Node options wherever production starts it: `npm start`, the
// Docker image, and (through package.json) the bench.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { rootDir } from '../../src/paths.ts'

const read = (file: string) => fs.readFileSync(path.join(rootDir, file), 'utf8')

describe('how production starts the app', () => {
  it('gives the Docker image the Node options of npm start, heap sizing included', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start.split(/\s+/)
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'))
    assert.ok(cmd, 'the Dockerfile has an exec-form CMD')
    assert.deepEqual(JSON.parse(cmd[1]!), start)
    assert.ok(start.some((word) => word.startsWith('--max-old-space-size=')), 'the old generation is sized')
  })
})
