/** Counts open connections per board and per address, so one board or one address cannot take the server. */
export class ConnectionLimits {
  private readonly perBoard = new Map<string, number>()
  private readonly perIp = new Map<string, number>()

  constructor(
    private readonly maxPerBoard: number,
    private readonly maxPerIp: number,
  ) {}

  /** Take a place; null when allowed (call `free` later), else the reason it is not. */
  take(boardId: string, ip: string): string | null {
    if ((this.perBoard.get(boardId) ?? 0) >= this.maxPerBoard) return 'this board has as many people as it can take'
    if ((this.perIp.get(ip) ?? 0) >= this.maxPerIp) return 'too many connections from your address'
    this.perBoard.set(boardId, (this.perBoard.get(boardId) ?? 0) + 1)
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1)
    return null
  }

  free(boardId: string, ip: string): void {
    decrement(this.perBoard, boardId)
    decrement(this.perIp, ip)
  }
}

function decrement(map: Map<string, number>, key: string): void {
  const n = (map.get(key) ?? 0) - 1
  if (n > 0) map.set(key, n)
  else map.delete(key)
}
