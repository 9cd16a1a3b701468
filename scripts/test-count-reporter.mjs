// A node:test reporter that writes, per test file, how many tests ran and how many were skipped
// or marked todo. scripts/run-tests.ts reads it to fail a run where a file found no tests.
export default async function* countReporter(source) {
  const files = {}
  const entry = (file) => (files[file] ??= { ran: 0, skipped: 0 })
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue
    const { file, name, skip, todo, details } = event.data
    if (!file) continue
    const counts = entry(file)
    // A file with no tests at all is reported as one test named after the file itself.
    if (name === file || details?.type === 'suite') continue
    if (skip !== undefined || todo !== undefined) counts.skipped += 1
    else counts.ran += 1
  }
  yield `${JSON.stringify(files)}\n`
}
