/**
 * The floor for fan-out cost: a `ws` server that forwards every frame to everyone else in the same room (the
 * URL path) and does nothing else — no document, no storage, no protocol. Prints `listening on <port>` when ready.
 */
import { createServer } from 'node:http'
import { WebSocketServer, type WebSocket } from 'ws'

const rooms = new Map<string, Set<WebSocket>>()
const http = createServer((_req, res) => res.end('relay'))
const wss = new WebSocketServer({ server: http, perMessageDeflate: false })

wss.on('connection', (socket, req) => {
  const name = (req.url ?? '/').split('?')[0]!
  let room = rooms.get(name)
  if (!room) {
    room = new Set()
    rooms.set(name, room)
  }
  room.add(socket)
  socket.on('message', (data, isBinary) => {
    for (const other of room) {
      if (other !== socket && other.readyState === other.OPEN) other.send(data, { binary: isBinary })
    }
  })
  socket.on('close', () => {
    room.delete(socket)
    if (room.size === 0) rooms.delete(name)
  })
})

http.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const address = http.address()
  process.stdout.write(`listening on ${typeof address === 'object' && address ? address.port : ''}\n`)
})
process.on('SIGTERM', () => process.exit(0))
