import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseTerminalQr } from '../src/lan'
import { decodeModules } from './qrDecode'
import { tempDataDir } from './helpers'

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '../src/main.ts')

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

/** The real entry point, as `npm run start:lan` runs it. Resolves with everything it printed once it is up. */
function startMain(
  args: string[],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, DATA_DIR: tempDataDir(), LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start:\n${output}`)), 20_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Stop with Ctrl+C') || output.includes('Data is kept in')) {
        clearTimeout(timer)
        // The banner is written in one go; give the pipe a moment to deliver the rest of it.
        setImmediate(() => resolve({ child, output: () => output }))
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${code}:\n${output}`))
    })
  })
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

// Only loopback addresses are used: 127.0.0.2 stands in for "the laptop's Wi-Fi address". A server bound to
// 127.0.0.1 cannot be reached on 127.0.0.2; one bound to every interface (0.0.0.0) can. (Linux routes all of
// 127.0.0.0/8 to loopback; other systems may not, so the test runs on Linux, as CI does.)
describe.skipIf(process.platform !== 'linux')('npm run start:lan (the real entry point with --lan)', () => {
  let lan: { child: ChildProcess; output: () => string } | undefined
  let plain: { child: ChildProcess; output: () => string } | undefined
  let lanPort = 0
  let plainPort = 0

  beforeAll(async () => {
    lanPort = await freePort()
    plainPort = await freePort()
    lan = await startMain(['--lan'], { PORT: String(lanPort), LAN_ADDRESS: '127.0.0.2' })
    plain = await startMain([], { PORT: String(plainPort) })
  }, 45_000)

  afterAll(async () => {
    await stop(lan?.child)
    await stop(plain?.child)
  })

  it('listens on every interface; without the switch only on this machine', async () => {
    expect(lan!.output()).toContain('0.0.0.0')
    expect((await fetch(`http://127.0.0.2:${lanPort}/api/config`)).status).toBe(200)
    expect((await fetch(`http://127.0.0.1:${lanPort}/api/config`)).status).toBe(200)
    expect((await fetch(`http://127.0.0.1:${plainPort}/api/config`)).status).toBe(200)
    await expect(fetch(`http://127.0.0.2:${plainPort}/api/config`)).rejects.toThrow()
  })

  it('prints the LAN address and a QR code that decodes to exactly that address', () => {
    const printed = lan!.output()
    const url = `http://127.0.0.2:${lanPort}`
    expect(printed).toContain(`On this laptop, open:  ${url}`)
    const qr = printed
      .split('\n')
      .filter((line) => line.includes('\x1b[47m'))
      .join('\n')
    expect(decodeModules(parseTerminalQr(qr))).toBe(url)
  })

  it('writes the LAN address into the links it hands out, even when asked on localhost', async () => {
    const res = await fetch(`http://127.0.0.1:${lanPort}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${lanPort}` },
      body: '{}',
    })
    expect(res.status).toBe(201)
    const { links } = (await res.json()) as { links: Record<string, string> }
    for (const link of Object.values(links)) expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.2:${lanPort}/`))
  })
})
