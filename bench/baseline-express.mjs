// Baseline for `npm run bench`: a bare Express 5 hello-world, the yardstick the app's pages are
// judged against (the same framework with nothing of ours on the request path).
import express from 'express'

const port = Number(process.env.PORT || 3002)
const app = express()

app.get('/', (_req, res) => {
  res.send('Hello world')
})

app.listen(port, '127.0.0.1', (error) => {
  if (error) throw error
  console.log(`express baseline listening on http://127.0.0.1:${port}`)
})
