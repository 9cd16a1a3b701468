// Baseline for `npm run bench`: a bare Node http hello-world, the most this machine can serve.
import http from 'node:http'

const port = Number(process.env.PORT || 3001)

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end('Hello world')
})

server.listen(port, '127.0.0.1', () => {
  console.log(`http baseline listening on http://127.0.0.1:${port}`)
})
