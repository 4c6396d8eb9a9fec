import { agreedActionWriteRefusal, changeRefusal, getRecordsMap } from '@roundtable/board'
import * as Y from 'yjs'

/** What a client connection may change in a board's document. */
export interface WriteRules {
  /** Top-level document names it may write (everything else is server-owned). */
  allowedRoots: ReadonlySet<string>
  /** Pages (boards) locked by a facilitator: no record on them may change. */
  lockedPages: ReadonlySet<string>
  /** Anonymous session: records may carry no author. */
  anonymous: boolean
  /**
   * Checks the values the update writes, once every place it touches is allowed (packages/sync/src/values.ts).
   * Returns null when they are valid, else the reason to refuse the update with.
   */
  checkValues?: (doc: Y.Doc, touched: readonly { path: Path; item: Y.Item | null }[]) => string | null
}

/**
 * The verdict; an allowed update also says how many whole board items (records) it deletes, and which records it
 * creates (by id).
 */
export type GuardResult = { ok: true; deletedRecords: number; createdRecords: string[] } | { ok: false; reason: string }

/** Where a change lands: the root name, then the map keys down to it (null for a place in a list or text). */
type Path = (string | null)[]
type Struct = Y.Item | Y.GC | Y.Skip
const DISCARDED = 'discarded' as const
const UNKNOWN = 'unknown' as const

/** Fields of a record that would name its author; refused in anonymous sessions. */
const AUTHOR_META_KEYS = ['author', 'authorId', 'createdBy', 'authorName', 'userId']

/**
 * Check a client's Yjs update BEFORE it is applied: every insertion and deletion it carries is traced to the root
 * it belongs to (and, for board records, the record and field), and refused if it touches a server-owned root,
 * a locked page, author fields in an anonymous session, or an action people agreed to (other than its note).
 * Updates that refer to things the server does not have are refused too: a pending change could otherwise land later in a place the rules forbid.
 */
export function checkClientUpdate(doc: Y.Doc, update: Uint8Array, rules: WriteRules): GuardResult {
  const { structs, ds } = Y.decodeUpdate(update) as {
    structs: Struct[]
    ds: { clients: Map<number, { clock: number; len: number }[]> }
  }
  const own = indexByClient(structs)
  const memo = new Map<Struct, Path | typeof DISCARDED | typeof UNKNOWN>()

  const find = (id: Y.ID): Struct | undefined => findIn(own.get(id.client), id.clock) ?? findInDoc(doc, id)

  const pathOf = (struct: Struct): Path | typeof DISCARDED | typeof UNKNOWN => {
    const known = memo.get(struct)
    if (known) return known
    let result: Path | typeof DISCARDED | typeof UNKNOWN
    if (struct instanceof Y.GC || struct instanceof Y.Skip) result = DISCARDED
    else if (isIntegrated(doc, struct)) result = pathOfIntegrated(struct)
    else result = pathOfNew(struct)
    memo.set(struct, result)
    return result
  }

  const pathOfNew = (item: Y.Item): Path | typeof DISCARDED | typeof UNKNOWN => {
    const parent = item.parent as unknown
    if (typeof parent === 'string') return [parent, item.parentSub]
    if (parent instanceof Y.ID) {
      const parentItem = find(parent)
      if (!parentItem) return UNKNOWN
      const parentPath = pathOf(parentItem)
      return Array.isArray(parentPath) ? [...parentPath, item.parentSub] : parentPath
    }
    // No parent written: it is the same as the neighbour's (Yjs omits it when an origin is known).
    const ref = item.origin ?? item.rightOrigin
    if (!ref) return UNKNOWN
    const refItem = find(ref)
    if (!refItem) return UNKNOWN
    return pathOf(refItem)
  }

  const touched: { path: Path; item: Y.Item | null }[] = []
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue
    // Already stored (a client resending what it had): applying it again changes nothing.
    if (Y.getState(doc.store, struct.id.client) >= struct.id.clock + struct.length) continue
    const path = pathOf(struct)
    if (path === UNKNOWN) return { ok: false, reason: changeRefusal('Unknown', 'the update refers to changes the server does not have') }
    if (path === DISCARDED) continue
    touched.push({ path, item: struct })
  }
  for (const [client, ranges] of ds.clients) {
    for (const range of ranges) {
      for (let clock = range.clock; clock < range.clock + range.len; ) {
        const struct = findIn(own.get(client), clock) ?? findInDoc(doc, Y.createID(client, clock))
        if (!struct) return { ok: false, reason: changeRefusal('Unknown', 'the update deletes things the server does not have') }
        const next = struct.id.clock + struct.length
        // A delete set repeats every deletion its sender ever made; those the server already has change nothing.
        if (struct instanceof Y.Item && struct.deleted && isIntegrated(doc, struct)) {
          clock = next
          continue
        }
        const path = pathOf(struct)
        if (path === UNKNOWN) return { ok: false, reason: changeRefusal('Unknown', 'the update refers to changes the server does not have') }
        if (path !== DISCARDED) touched.push({ path, item: null })
        clock = next
      }
    }
  }

  const newParents = new Map<string, string>()
  for (const { path, item } of touched) {
    const root = path[0]
    if (typeof root !== 'string' || !rules.allowedRoots.has(root)) {
      return { ok: false, reason: changeRefusal('ServerOwned', `"${String(root)}" can only be changed by the server`) }
    }
    if (root === 'records' && item && path.length === 3 && path[2] === 'parentId') {
      const value = contentValue(item)
      if (typeof value === 'string' && typeof path[1] === 'string') newParents.set(path[1], value)
    }
    const agreed = root === 'actions' ? agreedActionWriteRefusal(doc, path) : null
    if (agreed) return { ok: false, reason: agreed }
    if (rules.anonymous && root === 'records' && item && authorLeak(path, item)) {
      return { ok: false, reason: changeRefusal('Anonymous', 'this session is anonymous: ideas cannot carry an author') }
    }
  }
  const deletedRecords = touched.filter((t) => t.item === null && t.path[0] === 'records' && t.path.length === 2).length
  const createdRecords = touched.flatMap(({ path, item }) =>
    item && path.length === 2 && path[0] === 'records' && typeof path[1] === 'string' && item.content instanceof Y.ContentType ? [path[1]] : [],
  )
  if (rules.lockedPages.size > 0) {
    for (const { path } of touched) {
      if (path[0] !== 'records' || typeof path[1] !== 'string') continue
      const page = pageOf(doc, path[1], newParents)
      if (page && rules.lockedPages.has(page)) return { ok: false, reason: changeRefusal('Locked', 'this board is locked') }
    }
  }
  const invalid = rules.checkValues?.(doc, touched)
  if (invalid) return { ok: false, reason: invalid }
  return { ok: true, deletedRecords, createdRecords }
}

function authorLeak(path: Path, item: Y.Item): boolean {
  if (path.length === 3 && path[2] === 'meta') {
    const value = contentValue(item)
    return typeof value === 'object' && value !== null && AUTHOR_META_KEYS.some((k) => k in value)
  }
  // `meta` written as a nested map: its author key arrives as an item of its own, one level down.
  if (path.length === 4 && path[2] === 'meta' && typeof path[3] === 'string') return AUTHOR_META_KEYS.includes(path[3])
  if (path.length === 4 && path[2] === 'props' && path[3] === 'textLastEditedBy') {
    return contentValue(item) !== null
  }
  return false
}

/** The page a record is on, following parentId through the stored doc and the update's own new parents. */
function pageOf(doc: Y.Doc, recordId: string, newParents: Map<string, string>): string | null {
  const records = getRecordsMap(doc)
  let id = recordId
  for (let depth = 0; depth < 100; depth++) {
    if (id.startsWith('page:')) return id
    const parent = newParents.get(id) ?? (records.get(id)?.get('parentId') as string | undefined)
    if (typeof parent !== 'string') return null
    id = parent
  }
  return null
}

function contentValue(item: Y.Item): unknown {
  const content = item.content as { getContent(): unknown[] }
  return content.getContent()[0]
}

function indexByClient(structs: Struct[]): Map<number, Struct[]> {
  const byClient = new Map<number, Struct[]>()
  for (const s of structs) {
    const list = byClient.get(s.id.client)
    if (list) list.push(s)
    else byClient.set(s.id.client, [s])
  }
  for (const list of byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock)
  return byClient
}

function findIn(list: Struct[] | undefined, clock: number): Struct | undefined {
  if (!list) return undefined
  let lo = 0
  let hi = list.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const s = list[mid]!
    if (clock < s.id.clock) hi = mid - 1
    else if (clock >= s.id.clock + s.length) lo = mid + 1
    else return s
  }
  return undefined
}

function findInDoc(doc: Y.Doc, id: Y.ID): Struct | undefined {
  const structs = doc.store.clients.get(id.client) as Struct[] | undefined
  if (!structs || structs.length === 0) return undefined
  const last = structs[structs.length - 1]!
  if (id.clock >= last.id.clock + last.length) return undefined
  return structs[Y.findIndexSS(structs as never, id.clock)]
}

function isIntegrated(doc: Y.Doc, item: Y.Item): boolean {
  const structs = doc.store.clients.get(item.id.client) as Struct[] | undefined
  if (!structs || structs.length === 0) return false
  const last = structs[structs.length - 1]!
  if (item.id.clock >= last.id.clock + last.length) return false
  return structs[Y.findIndexSS(structs as never, item.id.clock)] === item
}

function pathOfIntegrated(item: Y.Item): Path | typeof DISCARDED {
  const keys: (string | null)[] = [item.parentSub]
  let type = item.parent as Y.AbstractType<unknown> | null
  if (!type || typeof type !== 'object' || !('_item' in type)) return DISCARDED
  while (type._item) {
    keys.push(type._item.parentSub)
    type = type._item.parent as Y.AbstractType<unknown>
  }
  return [Y.findRootTypeKey(type), ...keys.reverse()]
}
