// Loaded into every test process by scripts/run-tests.ts (--import). pg 8 warns once, and goes
// on, where pg 9 will throw: above all when a second query is sent on a connection that is
// still running one (Promise.all on one transaction's manager). Here that warning fails the test
// that caused it instead of scrolling past.

// pg's deprecations are raised from its own files; matching the stack, not the wording, keeps
// this working if pg rewords them.
const FROM_PG = /[\\/]node_modules[\\/]pg[\\/]/

process.on('warning', (warning: Error) => {
  if (warning.name !== 'DeprecationWarning') return
  if (!FROM_PG.test(warning.stack ?? '') && !/\bpg@\d/.test(warning.message)) return
  // Thrown from the listener it is uncaught, and node:test fails the running test with it.
  process.exitCode = 1
  throw warning
})
