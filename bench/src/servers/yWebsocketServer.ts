/**
 * The reference y-websocket server: `@y/websocket-server` 0.1.1's own connection handler (`setupWSConnection`),
 * mounted on ws 8 the way its bundled `server.js` mounts it on ws 6. No persistence (its default): every document
 * stays in memory. Prints `listening on <port>` when ready.
 */
import { createServer } from 'node:http'
import { setupWSConnection } from '@y/websocket-server/utils'
import { WebSocketServer } from 'ws'

const http = createServer((_req, res) => res.end('okay'))
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false })
wss.on('connection', setupWSConnection)
http.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
})

http.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const address = http.address()
  process.stdout.write(`listening on ${typeof address === 'object' && address ? address.port : ''}\n`)
})
process.on('SIGTERM', () => process.exit(0))
