import type { NetworkInterfaceInfo } from 'node:os'
import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { decodeModules } from '../test/qrDecode'
import { parseConfig } from './env'
import {
  isPrivateIPv4,
  lanBanner,
  lanCandidates,
  lanConfig,
  lanUrl,
  parseTerminalQr,
  qrMatrix,
  QUIET_ZONE,
  terminalQr,
} from './lan'

const iface = (address: string, extra: Partial<NetworkInterfaceInfo> = {}): NetworkInterfaceInfo =>
  ({
    address,
    family: 'IPv4',
    internal: false,
    netmask: '255.255.255.0',
    mac: '00:00:00:00:00:01',
    cidr: `${address}/24`,
    ...extra,
  }) as NetworkInterfaceInfo

describe('finding the address phones can reach', () => {
  it('skips loopback, link-local and IPv6, and prefers the Wi-Fi over a container network', () => {
    const found = lanCandidates({
      lo: [iface('127.0.0.1', { internal: true })],
      docker0: [iface('172.17.0.1')],
      wlan0: [iface('fe80::1', { family: 'IPv6' }), iface('192.168.1.20')],
      eth1: [iface('169.254.10.3')],
    })
    expect(found.map((c) => c.address)).toEqual(['192.168.1.20', '172.17.0.1'])
    expect(found[0]!.interfaceName).toBe('wlan0')
  })

  it('finds a laptop hotspot (Windows, macOS, Linux) and says nothing when there is no network', () => {
    expect(lanCandidates({ 'Local Area Connection* 10': [iface('192.168.137.1')] })[0]?.address).toBe('192.168.137.1')
    expect(lanCandidates({ bridge100: [iface('192.168.2.1')] })[0]?.address).toBe('192.168.2.1')
    expect(lanCandidates({ lo: [iface('127.0.0.1', { internal: true })], wlan0: [iface('169.254.3.4')] })).toEqual([])
  })

  it('knows the private ranges', () => {
    expect(['10.0.0.2', '172.16.0.1', '172.31.255.1', '192.168.0.5'].every(isPrivateIPv4)).toBe(true)
    expect(['172.32.0.1', '8.8.8.8', '192.169.0.1'].some(isPrivateIPv4)).toBe(false)
  })
})

describe('the LAN switch', () => {
  it('LAN=1 listens on 0.0.0.0 and writes the LAN address into links; the laptop itself may still use localhost', () => {
    const base = parseConfig({ LAN: '1', PORT: '8787' })
    expect(base.lan).toBe(true)
    expect(base.host).toBe('127.0.0.1')
    const config = lanConfig(base, '192.168.1.20')
    expect(config.host).toBe('0.0.0.0')
    expect(config.publicUrl).toBe('http://192.168.1.20:8787')
    expect(config.allowedOrigins).toEqual(expect.arrayContaining(['http://127.0.0.1:8787', 'http://localhost:8787']))
    // A phone that reaches the laptop on its other network may act too.
    expect(lanConfig(base, '192.168.1.20', ['192.168.1.20', '10.0.0.7']).allowedOrigins).toContain(
      'http://10.0.0.7:8787',
    )
  })

  it('keeps a PUBLIC_URL that was set on purpose, and is off unless asked for', () => {
    expect(lanConfig(parseConfig({ LAN: '1', PUBLIC_URL: 'https://board.example.org' }), '10.0.0.2').publicUrl).toBe(
      'https://board.example.org',
    )
    expect(parseConfig({}).lan).toBe(false)
    expect(parseConfig({ LAN: '0' }).lan).toBe(false)
    expect(() => parseConfig({ LAN: 'yes please' })).toThrow(/LAN/)
    expect(() => parseConfig({ LAN_ADDRESS: 'wifi' })).toThrow(/LAN_ADDRESS/)
    expect(parseConfig({ LAN_ADDRESS: '192.168.4.1' }).lanAddress).toBe('192.168.4.1')
  })
})

describe('the QR code in the terminal', () => {
  const url = lanUrl('192.168.137.1', 8787)

  it('decodes to the printed address, read back from the very text printed', () => {
    const banner = lanBanner({ url, localUrl: 'http://127.0.0.1:8787', others: [], dataDir: '/tmp/data' })
    expect(banner).toContain(`open:  ${url}`)
    const qrLines = banner.split('\n').filter((line) => line.includes('\x1b[47m'))
    expect(qrLines.length).toBeGreaterThan(10)
    expect(decodeModules(parseTerminalQr(qrLines.join('\n')))).toBe(url)
  })

  it('has a full quiet zone and matches the library’s own matrix', () => {
    const matrix = qrMatrix(url)
    // Row by row as the library stores it (a transposed code still decodes, but is the mirror image).
    const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' })
    expect(matrix.flat()).toEqual(Array.from(modules.data, Boolean))
    const parsed = parseTerminalQr(terminalQr(url))
    for (let y = 0; y < matrix.length; y++)
      expect(parsed[y + QUIET_ZONE]!.slice(QUIET_ZONE, QUIET_ZONE + matrix.length)).toEqual(matrix[y])
    expect(parsed.slice(0, QUIET_ZONE).flat().some(Boolean)).toBe(false)
    expect(decodeModules(matrix.map((row) => [false, false, false, false, ...row, false, false, false, false]))).toBe(
      url,
    )
  })

  it('says what to do when the laptop is on no network', () => {
    const banner = lanBanner({ url: null, localUrl: 'http://127.0.0.1:8787', others: [], dataDir: '/tmp/data' })
    expect(banner).toMatch(/not on a network yet/)
    expect(banner).toContain('http://127.0.0.1:8787')
    expect(banner).not.toContain('\x1b[47m')
  })
})
