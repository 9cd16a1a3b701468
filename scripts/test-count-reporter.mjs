// A node:test reporter that writes, per test file, how many tests ran and how many were skipped
// or marked todo, and how long its top-level tests and suites took (measured in the file's own
// process; its top-level before and after hooks are not counted). scripts/run-tests.ts reads it
// to fail a run where a file found no tests, and to list the slowest files. Files that share a
// process are each imported in a describe named after the file by an entry file (*.group.mjs):
// there the describe's time is the file's, its hooks included.
export default async function* countReporter(source) {
  const files = {}
  const entry = (file) => (files[file] ??= { ran: 0, skipped: 0, ms: 0 })
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue
    const { file, name, nesting, skip, todo, details } = event.data
    if (!file) continue
    if (file.endsWith('.group.mjs')) {
      if (nesting === 0) entry(name).ms += details?.duration_ms ?? 0
      continue
    }
    const counts = entry(file)
    if (nesting === 0 && name !== file) counts.ms += details?.duration_ms ?? 0
    // (In a shared process the file's own top level is at nesting 1, timed by its describe.)
    // A file with no tests at all is reported as one test named after the file itself.
    if (name === file || details?.type === 'suite') continue
    if (skip !== undefined || todo !== undefined) counts.skipped += 1
    else counts.ran += 1
  }
  yield `${JSON.stringify(files)}\n`
}
