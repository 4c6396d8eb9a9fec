import type { BoardKeys } from '@roundtable/storage'

/**
 * The invitation links, and the summary link. Each key travels in the fragment (#key=…), which browsers never send
 * to a server. The summary link opens only the read-only summary page; a board made before summary links existed
 * has none.
 */
export function boardLinks(base: string, boardId: string, keys: BoardKeys) {
  const link = (key: string) => `${base}/b/${boardId}#key=${key}`
  const links = { participant: link(keys.participant), facilitator: link(keys.facilitator), view: link(keys.view) }
  return keys.summary ? { ...links, summary: summaryLink(base, boardId, keys.summary) } : links
}

/** The read-only summary page's link: `/s/<id>#key=<summary key>`. */
export function summaryLink(base: string, boardId: string, key: string): string {
  return `${base}/s/${boardId}#key=${key}`
}
