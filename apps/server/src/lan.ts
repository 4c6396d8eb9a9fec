import type { NetworkInterfaceInfo } from 'node:os'
import QRCode from 'qrcode'
import type { Config } from './env'

/**
 * "In the room" mode (`npm run start:lan`, or `LAN=1`): a laptop in a hall with no internet serves everyone on the
 * same Wi-Fi. It listens on every network interface, finds the address phones can reach it on, writes that address
 * into every link and QR code, and prints the start page's address with a QR code in the terminal.
 *
 * Everything here is pure (the caller passes `os.networkInterfaces()`), so it is tested without a network.
 */

/** One address this machine could be reached on from the room's network. */
export interface LanCandidate {
  address: string
  interfaceName: string
}

/** Interface names of virtual networks (containers, VMs, VPNs): phones in the room are not on these. */
const VIRTUAL =
  /^(docker|br-|veth|virbr|vmnet|vboxnet|utun|tun|tap|tailscale|zt|wg|ham|lxc|lxd|podman|cni|flannel|vEthernet)/i

function isIPv4(info: NetworkInterfaceInfo): boolean {
  // Node 18.0–18.3 reported the family as a number.
  return info.family === 'IPv4' || (info.family as unknown) === 4
}

/** 10/8, 172.16/12, 192.168/16: the ranges home and hall Wi-Fi (and laptop hotspots) hand out. */
export function isPrivateIPv4(address: string): boolean {
  const [a, b] = address.split('.').map(Number)
  return a === 10 || (a === 172 && b !== undefined && b >= 16 && b <= 31) || (a === 192 && b === 168)
}

/**
 * Every IPv4 address phones on the same network might reach, best first: private ranges on real interfaces ahead
 * of anything on a virtual one. Loopback (internal) and link-local (169.254.x.x, "no network yet") are skipped.
 */
export function lanCandidates(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): LanCandidate[] {
  const found: Array<LanCandidate & { score: number; order: number }> = []
  for (const [interfaceName, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      if (!isIPv4(info) || info.internal) continue
      if (info.address.startsWith('169.254.') || info.address.startsWith('127.')) continue
      const score = (isPrivateIPv4(info.address) ? 2 : 0) - (VIRTUAL.test(interfaceName) ? 3 : 0)
      found.push({ address: info.address, interfaceName, score, order: found.length })
    }
  }
  return found
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ address, interfaceName }) => ({ address, interfaceName }))
}

/** The start page's address for a LAN address and port. */
export function lanUrl(address: string, port: number): string {
  return `http://${address}:${port}`
}

/**
 * The configuration for a session in the room: listen on every interface (0.0.0.0); links and QR codes use the LAN
 * address (unless PUBLIC_URL says otherwise). Pages opened on the laptop's other addresses (127.0.0.1, localhost,
 * or another network it is on) may still act: their origins are allowed too.
 */
export function lanConfig(config: Config, address: string | null, otherAddresses: readonly string[] = []): Config {
  const port = config.port
  const ownOrigins = port ? ['127.0.0.1', 'localhost', ...otherAddresses].map((host) => `http://${host}:${port}`) : []
  return {
    ...config,
    host: '0.0.0.0',
    publicUrl: config.publicUrl ?? (address && port ? lanUrl(address, port) : undefined),
    allowedOrigins: [...new Set([...config.allowedOrigins, ...ownOrigins])],
  }
}

/** The modules of a QR code for `text` (true = dark), row by row, from the `qrcode` library. */
export function qrMatrix(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const size = modules.size
  return Array.from({ length: size }, (_, y) => Array.from({ length: size }, (_, x) => Boolean(modules.get(y, x))))
}

/** Light modules around the code. The QR standard asks for 4; fewer fails on dark terminals. */
export const QUIET_ZONE = 4

const WHITE_ON_BLACK_TEXT = '\x1b[47m\x1b[30m'
const RESET = '\x1b[0m'

/**
 * A QR code as terminal text: two modules per character cell (▀ ▄ █ and space), drawn black on an explicit white
 * background so it scans on dark and light terminals alike, with a full quiet zone.
 */
export function terminalQr(text: string, indent = '  '): string {
  const matrix = qrMatrix(text)
  const size = matrix.length + 2 * QUIET_ZONE
  const dark = (x: number, y: number): boolean => matrix[y - QUIET_ZONE]?.[x - QUIET_ZONE] === true
  const lines: string[] = []
  for (let y = 0; y < size; y += 2) {
    let line = ''
    for (let x = 0; x < size; x++) {
      const top = dark(x, y)
      const bottom = y + 1 < size && dark(x, y + 1)
      line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' '
    }
    lines.push(`${indent}${WHITE_ON_BLACK_TEXT}${line}${RESET}`)
  }
  return lines.join('\n')
}

/** What the terminal shows when Roundtable starts for a room. */
export interface LanBannerFacts {
  /** The start page on the room's network, or null when this machine is on no network. */
  url: string | null
  /** The address on this machine itself. */
  localUrl: string
  /** Other addresses that might work, when the machine is on several networks. */
  others: string[]
  dataDir: string
}

/** The banner printed at start in room mode: plain words, the address, and its QR code. */
export function lanBanner(facts: LanBannerFacts): string {
  const lines = ['', '  Roundtable is running for the people in this room. No internet is needed.', '']
  if (facts.url) {
    lines.push(
      `  On this laptop, open:  ${facts.url}`,
      '  Phones and tablets on the same Wi-Fi can open it too, or scan this code:',
      '',
      terminalQr(facts.url),
      '',
      '  Start a session, then press "Open the projector view" (in Invite) to show the join code on the big screen.',
    )
    if (facts.others.length)
      lines.push(`  If phones cannot reach it, try: ${facts.others.join('  ')}  (set LAN_ADDRESS to choose)`)
  } else {
    lines.push(
      '  This laptop is not on a network yet. Join the hall’s Wi-Fi, or turn on this laptop’s hotspot,',
      '  then stop Roundtable (Ctrl+C) and start it again.',
      `  Until then it works on this laptop only: ${facts.localUrl}`,
    )
  }
  lines.push(
    '  Listening on every network interface (0.0.0.0).',
    `  Data is kept in ${facts.dataDir}`,
    '  Stop with Ctrl+C.',
    '',
  )
  return `${lines.join('\n')}\n`
}

/** Read a terminal QR (from `terminalQr`) back into modules, quiet zone included. For tests and checks. */
export function parseTerminalQr(text: string): boolean[][] {
  const rows: boolean[][] = []
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '').replace(/^ {2}/, '')
    const top: boolean[] = []
    const bottom: boolean[] = []
    for (const ch of line) {
      top.push(ch === '█' || ch === '▀')
      bottom.push(ch === '█' || ch === '▄')
    }
    rows.push(top, bottom)
  }
  return rows
}
