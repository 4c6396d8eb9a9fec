import {
  AUTHOR_META_KEYS,
  agreedActionWriteRefusal,
  changeRefusal,
  getRecordsMap,
  type ChangeRefusals,
} from '@roundtable/board'
import * as Y from 'yjs'
import { DeletedIndex } from './deletedIndex'
import { DEFAULT_UPDATE_LIMITS, type UpdateLimits } from './limits'
import { readOutline, sortAndMerge, withDeleteSet, type ClockRange } from './updateFormat'

type ChangeRefusalName = keyof typeof ChangeRefusals

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
 * The verdict. An allowed update also says how many whole board items (records) it deletes, which records it
 * creates (by id), every place it touches, how many structs it may add to the board, and the update to apply: the
 * same structs with its delete set merged and stripped of what the board already deleted.
 */
export type GuardResult =
  | {
      ok: true
      deletedRecords: number
      createdRecords: string[]
      touched: Touched[]
      structs: number
      update: Uint8Array
    }
  | { ok: false; reason: string }

/** Where a change lands: the root name, then the map keys down to it (null for a place in a list or text). */
export type Path = readonly (string | null)[]

/** One place an update changes: a new item (`item`), or a deletion (`item` null) of what was at `path`. */
export interface Touched {
  path: Path
  item: Y.Item | null
}

type Struct = Y.Item | Y.GC | Y.Skip
const DISCARDED = 'discarded' as const
const UNKNOWN = 'unknown' as const
const RESOLVING = 'resolving' as const

/**
 * A type (a map, list or text) an update writes into: its parent type and the key it has there, and its depth
 * (a root is 1). Paths are built from these only for the places an update touches, once per type.
 */
interface TypeNode {
  parent: TypeNode | null
  key: string | null
  depth: number
  path?: Path
}

/** Where an item sits: in a type, under a key (null in a list or text). */
interface Place {
  container: TypeNode
  key: string | null
}

type Resolved = Place | typeof DISCARDED | typeof UNKNOWN

/** What the guard may use besides the doc: limits, and (from the room) the index of what the doc has deleted. */
export interface GuardOptions {
  limits?: UpdateLimits
  /** Built from the doc when not given (one pass over it: fine for a test, not per frame). */
  deleted?: DeletedIndex
}

/**
 * Check a client's Yjs update BEFORE it is applied, at a cost bounded by the update's size (`UpdateLimits`):
 *
 * - its outline is read first (struct and delete-range counts) and refused when over budget, before any object is
 *   built for it;
 * - every new item is traced to the root it belongs to, iteratively and with memoised types (no path is copied per
 *   level); items nested deeper than `maxDepth` are refused;
 * - its delete set is sorted and merged, what the board already deleted is subtracted (`DeletedIndex`), and only the
 *   rest is walked, each struct once; the update to apply carries that merged remainder, so Yjs walks no more;
 * - the work Yjs will do placing each new item (the scan between its origin and right origin) and splitting
 *   structs is measured and capped.
 *
 * Then the places it touches are checked: a server-owned root, a locked page or author fields in an anonymous
 * session are refused. Updates that refer to things the server does not have are refused too: a pending change
 * could otherwise land later in a place the rules forbid. Throws on a corrupt update.
 */
export function checkClientUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  rules: WriteRules,
  options: GuardOptions = {},
): GuardResult {
  const limits = options.limits ?? DEFAULT_UPDATE_LIMITS
  const outline = readOutline(update)
  if (outline.structs > limits.maxStructs)
    return refused('TooCostly', `too many changes in one update (${outline.structs} structs)`)
  if (outline.rawRanges > limits.maxDeleteRanges)
    return refused('TooCostly', `too many deletions in one update (${outline.rawRanges} ranges)`)
  sortAndMerge(outline.deletes)
  const { structs } = Y.decodeUpdate(update) as { structs: Struct[] }
  const own = indexByClient(structs)
  const find = (id: Y.ID): Struct | undefined => findInDoc(doc, id) ?? findIn(own.get(id.client), id.clock)
  const deleted = options.deleted ?? DeletedIndex.fromDoc(doc)

  // --- Where each struct lands -------------------------------------------------------------------------------
  const roots = new Map<string, TypeNode>()
  const typeNodes = new Map<Y.AbstractType<unknown>, TypeNode>()
  /** The doc's type behind a node, for the types already in the doc. */
  const nodeTypes = new Map<TypeNode, Y.AbstractType<unknown>>()
  const newTypes = new Map<Y.Item, TypeNode>()
  const places = new Map<Struct, Resolved | typeof RESOLVING>()

  const rootNode = (name: string): TypeNode => {
    let node = roots.get(name)
    if (!node) {
      roots.set(name, (node = { parent: null, key: name, depth: 1 }))
      const type = doc.share.get(name)
      if (type) nodeTypes.set(node, type as Y.AbstractType<unknown>)
    }
    return node
  }

  /** The node of a type already in the doc: walks up to the first known ancestor once, then down (no recursion). */
  const nodeOfType = (type: Y.AbstractType<unknown>): TypeNode | null => {
    const chain: Y.AbstractType<unknown>[] = []
    let t: Y.AbstractType<unknown> | null = type
    let node: TypeNode | null = null
    while (t) {
      const known = typeNodes.get(t)
      if (known) {
        node = known
        break
      }
      chain.push(t)
      const item: Y.Item | null = t._item
      if (!item) {
        node = rootNode(Y.findRootTypeKey(t))
        typeNodes.set(t, node)
        nodeTypes.set(node, t)
        chain.pop()
        break
      }
      t = item.parent instanceof Y.AbstractType ? (item.parent as Y.AbstractType<unknown>) : null
    }
    if (!node) return null
    for (let i = chain.length - 1; i >= 0; i--) {
      const child = chain[i]!
      node = { parent: node, key: child._item!.parentSub, depth: node.depth + 1 }
      typeNodes.set(child, node)
      nodeTypes.set(node, child)
    }
    return node
  }

  const placeOfIntegrated = (item: Y.Item): Resolved => {
    const container = item.parent instanceof Y.AbstractType ? nodeOfType(item.parent as Y.AbstractType<unknown>) : null
    return container ? { container, key: item.parentSub } : DISCARDED
  }

  /** The node of the type a struct holds, once the struct's own place is known; null when it holds no type. */
  const heldType = (struct: Struct, place: Resolved): TypeNode | typeof DISCARDED | typeof UNKNOWN => {
    if (typeof place === 'string') return place
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) return DISCARDED
    if (isIntegrated(doc, struct)) return nodeOfType(struct.content.type as Y.AbstractType<unknown>) ?? DISCARDED
    let node = newTypes.get(struct)
    if (!node)
      newTypes.set(struct, (node = { parent: place.container, key: place.key, depth: place.container.depth + 1 }))
    return node
  }

  /**
   * One step of resolving a struct's place: the place, or the struct it depends on (its parent, or the neighbour
   * whose parent it shares when none is written).
   */
  const step = (struct: Struct): Resolved | { needs: Struct } => {
    if (!(struct instanceof Y.Item)) return DISCARDED
    if (isIntegrated(doc, struct)) return placeOfIntegrated(struct)
    const parent = struct.parent as unknown
    if (typeof parent === 'string') return { container: rootNode(parent), key: struct.parentSub }
    const ref = parent instanceof Y.ID ? parent : (struct.origin ?? struct.rightOrigin)
    if (!ref) return UNKNOWN
    const other = find(ref)
    if (!other) return UNKNOWN
    if (!(other instanceof Y.Item)) return DISCARDED
    const otherPlace = places.get(other) ?? (isIntegrated(doc, other) ? placeOfIntegrated(other) : undefined)
    if (otherPlace === undefined) return { needs: other }
    if (otherPlace === RESOLVING) return UNKNOWN // a cycle: no real update has one
    if (!(parent instanceof Y.ID)) return otherPlace
    const container = heldType(other, otherPlace)
    return typeof container === 'string' ? container : { container, key: struct.parentSub }
  }

  /** The place of a struct, resolving what it depends on with an explicit stack (a chain of any length is fine). */
  const placeOf = (start: Struct): Resolved => {
    const stack: Struct[] = [start]
    while (stack.length > 0) {
      const struct = stack[stack.length - 1]!
      const known = places.get(struct)
      if (known !== undefined && known !== RESOLVING) {
        stack.pop()
        continue
      }
      const result = step(struct)
      if (typeof result === 'object' && 'needs' in result) {
        places.set(struct, RESOLVING)
        stack.push(result.needs)
        continue
      }
      places.set(struct, result)
      stack.pop()
    }
    return places.get(start) as Resolved
  }

  const pathOf = (place: Place): Path => {
    const container = place.container
    if (!container.path) {
      // Build the missing paths from the nearest ancestor that has one: each type's path is made once.
      const chain: TypeNode[] = []
      for (let n: TypeNode | null = container; n && !n.path; n = n.parent) chain.push(n)
      for (let i = chain.length - 1; i >= 0; i--) {
        const n = chain[i]!
        n.path = n.parent ? [...n.parent.path!, n.key] : [n.key]
      }
    }
    return [...container.path!, place.key]
  }

  // --- New structs --------------------------------------------------------------------------------------------
  const touched: Touched[] = []
  const fresh: Y.Item[] = []
  let newStructs = 0
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue
    // Already stored (a client resending what it had): applying it again changes nothing.
    if (Y.getState(doc.store, struct.id.client) >= struct.id.clock + struct.length) continue
    newStructs++
    if (!(struct instanceof Y.Item)) continue
    const place = placeOf(struct)
    if (place === UNKNOWN) return refused('Unknown', 'the update refers to changes the server does not have')
    if (place === DISCARDED) continue
    if (place.container.depth + 1 > limits.maxDepth)
      return refused('TooCostly', `the update nests deeper than ${limits.maxDepth} levels`)
    touched.push({ path: pathOf(place), item: struct })
    fresh.push(struct)
  }

  // --- What placing them will cost Yjs ------------------------------------------------------------------------
  const splices = new SpliceWork(doc)
  const placing = placementCost(
    doc,
    fresh,
    places as Map<Struct, Resolved>,
    find,
    (node) => nodeTypes.get(node) ?? null,
    splices,
    limits,
  )
  if (placing) return refused('TooCostly', placing)

  // --- Deletions ----------------------------------------------------------------------------------------------
  const visitBudget = Math.min(
    limits.maxDeleteVisits,
    limits.deleteVisitsBase + limits.deleteVisitsPerByte * update.length,
  )
  let visits = 0
  let problem: string | null = null
  const remainder = new Map<number, ClockRange[]>()
  for (const [client, ranges] of outline.deletes) {
    const docStructs = doc.store.clients.get(client) as Struct[] | undefined
    const state = Y.getState(doc.store, client)
    const kept: ClockRange[] = []
    remainder.set(client, kept)
    /** Walk one undeleted part [from, to): each struct in it is visited once. */
    const walk = (from: number, to: number): boolean => {
      kept.push({ clock: from, len: to - from })
      let clock = from
      if (clock < state && docStructs) {
        let index = Y.findIndexSS(docStructs as never, clock)
        const first = docStructs[index]!
        // A deletion starting or ending inside a struct splits it: an array splice over this client's structs.
        if (first.id.clock < from && !first.deleted) splices.split(client)
        // Yjs then merges the deleted structs with their deleted left neighbours where it can: a splice per part.
        let merges = index > 0 && mergeable(docStructs[index - 1]!, first)
        for (; index < docStructs.length && clock < to; index++) {
          const struct = docStructs[index]!
          if (++visits > visitBudget) {
            problem = changeRefusal('TooCostly', `the update deletes too much at once (over ${visitBudget} structs)`)
            return false
          }
          if (struct.id.clock + struct.length > to && !struct.deleted) splices.split(client)
          if (
            index + 1 < docStructs.length &&
            struct.id.clock + struct.length < to &&
            mergeable(struct, docStructs[index + 1]!)
          )
            merges = true
          clock = struct.id.clock + struct.length
          // Deleted earlier in this batch (the index is updated after each transaction): nothing to do.
          if (struct.deleted) continue
          const place = placeOf(struct)
          if (place === UNKNOWN) {
            problem = changeRefusal('Unknown', 'the update refers to changes the server does not have')
            return false
          }
          if (place !== DISCARDED) touched.push({ path: pathOf(place), item: null })
        }
        if (merges) splices.merge(client)
        if (splices.total > limits.maxSpliceWork) {
          problem = changeRefusal('TooCostly', 'the update splits too many stored changes at once')
          return false
        }
      }
      while (clock < to) {
        const struct = findIn(own.get(client), clock)
        if (!struct) {
          problem = changeRefusal('Unknown', 'the update deletes things the server does not have')
          return false
        }
        if (++visits > visitBudget) {
          problem = changeRefusal('TooCostly', `the update deletes too much at once (over ${visitBudget} structs)`)
          return false
        }
        const place = placeOf(struct)
        if (place === UNKNOWN) {
          problem = changeRefusal('Unknown', 'the update refers to changes the server does not have')
          return false
        }
        if (place !== DISCARDED) touched.push({ path: pathOf(place), item: null })
        clock = struct.id.clock + struct.length
      }
      return true
    }
    for (const range of ranges) {
      if (!deleted.forEachUndeleted(client, range.clock, range.clock + range.len, walk))
        return { ok: false, reason: problem! }
    }
  }
  if (splices.total > limits.maxSpliceWork)
    return refused('TooCostly', 'the update splits too many stored changes at once')

  // --- The rules --------------------------------------------------------------------------------------------
  const newParents = new Map<string, string>()
  for (const { path, item } of touched) {
    const root = path[0]
    if (typeof root !== 'string' || !rules.allowedRoots.has(root)) {
      return refused('ServerOwned', `"${String(root)}" can only be changed by the server`)
    }
    if (root === 'records' && item && path.length === 3 && path[2] === 'parentId') {
      const value = contentValue(item)
      if (typeof value === 'string' && typeof path[1] === 'string') newParents.set(path[1], value)
    }
    const agreed = root === 'actions' ? agreedActionWriteRefusal(doc, path) : null
    if (agreed) return { ok: false, reason: agreed }
    if (rules.anonymous && root === 'records' && item && authorLeak(path, item)) {
      return refused('Anonymous', 'this session is anonymous: ideas cannot carry an author')
    }
  }
  const deletedRecords = touched.filter((t) => t.item === null && t.path[0] === 'records' && t.path.length === 2).length
  const createdRecords = touched.flatMap(({ path, item }) =>
    item &&
    path.length === 2 &&
    path[0] === 'records' &&
    typeof path[1] === 'string' &&
    item.content instanceof Y.ContentType
      ? [path[1]]
      : [],
  )
  if (rules.lockedPages.size > 0) {
    const pages = new Map<string, string | null>()
    for (const { path } of touched) {
      if (path[0] !== 'records' || typeof path[1] !== 'string') continue
      let page = pages.get(path[1])
      if (page === undefined) pages.set(path[1], (page = pageOf(doc, path[1], newParents)))
      if (page && rules.lockedPages.has(page)) return refused('Locked', 'this board is locked')
    }
  }
  // What is written is checked last: the places are known and allowed by now.
  const invalid = rules.checkValues?.(doc, touched)
  if (invalid) return { ok: false, reason: invalid }

  // The update is re-encoded only when its delete set changes: ranges merged, split or dropped as already deleted.
  const normalised = outline.deletes.size > 0 && !sameRanges(outline.rawRanges, outline.deletes, remainder)
  return {
    ok: true,
    deletedRecords,
    createdRecords,
    touched,
    structs: newStructs + 2 * Array.from(remainder.values()).reduce((sum, kept) => sum + kept.length, 0),
    update: normalised ? withDeleteSet(update, outline.deleteSetOffset, remainder) : update,
  }
}

/**
 * Whether the delete set as written (`rawRanges` ranges, `merged` once sorted and merged) is exactly what is left to
 * delete (`kept`): nothing was merged, repeated, empty or already deleted. The usual case, a change overwriting a
 * value: then the update's own bytes are applied as they are.
 */
function sameRanges(rawRanges: number, merged: Map<number, ClockRange[]>, kept: Map<number, ClockRange[]>): boolean {
  let total = 0
  for (const [client, ranges] of merged) {
    const left = kept.get(client)
    if (!left || left.length !== ranges.length) return false
    for (let i = 0; i < ranges.length; i++) {
      if (left[i]!.clock !== ranges[i]!.clock || left[i]!.len !== ranges[i]!.len) return false
    }
    total += ranges.length
  }
  return total === rawRanges
}

/** A refusal: its code (`ChangeRefusals`) and what exactly was wrong. */
function refused(kind: ChangeRefusalName, detail: string): GuardResult {
  return { ok: false, reason: changeRefusal(kind, detail) }
}

/**
 * What Yjs will spend placing the new items (`Item.integrate`): for an item whose left neighbour's right is not its
 * right origin, Yjs scans the items in between (concurrent inserts) — honest clients insert between neighbours,
 * so this is 0 or a few. The scan is measured here on the items already in the doc, from where the item's left
 * will be to where its right will be; new items of different clients that share one origin (or list start, or map
 * key) scan each other and are counted per origin. Splitting a stored struct (an origin inside it) adds a splice over its client's
 * structs (added to `splices`). Returns why the update is refused, or null.
 */
function placementCost(
  doc: Y.Doc,
  fresh: readonly Y.Item[],
  places: Map<Struct, Resolved>,
  find: (id: Y.ID) => Struct | undefined,
  typeOf: (node: TypeNode) => Y.AbstractType<unknown> | null,
  splices: SpliceWork,
  limits: UpdateLimits,
): string | null {
  let scanned = 0
  /**
   * Per place (an origin struct, or a type's list start or map key): the last client seen there and how many
   * clients. An update lists each client's structs together, so counting changes of client counts clients.
   */
  const atOrigin = new Map<Struct, { client: number; clients: number }>()
  const atStart = new Map<TypeNode, Map<string | null, { client: number; clients: number }>>()
  const crowded = (
    seen: { client: number; clients: number } | undefined,
    client: number,
  ): { client: number; clients: number } => {
    if (!seen) return { client, clients: 1 }
    if (seen.client !== client) {
      seen.client = client
      seen.clients++
    }
    return seen
  }
  /**
   * Where a new item's right will be once placed, as an item in the doc (null: the end of its list; UNKNOWN when
   * Yjs will not place it: a missing or collected neighbour makes it a GC struct).
   */
  const rightEdge = new Map<Y.Item, Y.Item | null | typeof UNKNOWN>()
  const edgeOf = (item: Y.Item): Y.Item | null | typeof UNKNOWN => {
    // Follow right origins through the update's own items to the first one in the doc (iteratively, memoised).
    const chain: Y.Item[] = []
    let edge: Y.Item | null | typeof UNKNOWN | undefined
    for (let at: Y.Item | null = item; ; ) {
      const known = rightEdge.get(at)
      if (known !== undefined) {
        edge = known
        break
      }
      chain.push(at)
      rightEdge.set(at, UNKNOWN) // a cycle ends here
      if (!at.rightOrigin) {
        edge = null
        break
      }
      const right = find(at.rightOrigin)
      if (!(right instanceof Y.Item)) {
        edge = UNKNOWN
        break
      }
      if (isIntegrated(doc, right)) {
        edge = right
        break
      }
      at = right
    }
    for (const at of chain) rightEdge.set(at, edge)
    return edge
  }
  const splitCost = (id: Y.ID | null): void => {
    if (!id) return
    const struct = findInDoc(doc, id)
    if (struct && struct.id.clock !== id.clock && struct.id.clock + struct.length - 1 !== id.clock)
      splices.split(id.client)
  }
  for (const item of fresh) {
    const place = places.get(item)
    if (!place || typeof place === 'string') continue
    // One client's items at one place never scan each other (each names the one before as its right origin); items
    // of many clients there do, in client order.
    const origin = item.origin ? find(item.origin) : undefined
    let seen: { client: number; clients: number }
    if (origin) atOrigin.set(origin, (seen = crowded(atOrigin.get(origin), item.id.client)))
    else {
      let keys = atStart.get(place.container)
      if (!keys) atStart.set(place.container, (keys = new Map()))
      keys.set(place.key, (seen = crowded(keys.get(place.key), item.id.client)))
    }
    if (seen.clients > limits.maxSameOrigin) return 'the update inserts too many concurrent changes at one place'
    splitCost(item.origin)
    splitCost(item.rightOrigin)

    // Where the scan starts: right after the origin (or its right edge, for a new origin), or at the start of the
    // list or map key. Only stored items are walked: the update's own are bounded by `maxSameOrigin`.
    let from: Y.Item | null
    if (item.origin) {
      if (!(origin instanceof Y.Item)) continue
      if (isIntegrated(doc, origin)) {
        // An origin inside a struct splits it: the scan starts at the split-off rest, which is the origin struct.
        from = origin.id.clock + origin.length - 1 === item.origin.clock ? origin.right : origin
      } else {
        const edge = edgeOf(origin)
        if (edge === UNKNOWN) continue
        from = edge
      }
    } else {
      const type = typeOf(place.container)
      if (!type) continue
      if (place.key !== null) {
        // Yjs walks back from the key's current value to the first one ever written, then scans forward.
        let head = type._map.get(place.key) ?? null
        let steps = 0
        while (head && head.left) {
          head = head.left
          if (++steps > limits.maxScanPerItem) return 'the update rewrites a much-changed key from its start'
        }
        scanned += steps
        from = head
      } else from = type._start
    }
    const to = edgeOf(item)
    if (to === UNKNOWN) continue
    let steps = 0
    for (let o = from; o !== to; o = o.right) {
      if (o === null) return 'the update places a change out of order'
      if (++steps > limits.maxScanPerItem) return 'the update places a change far from its neighbours'
    }
    scanned += steps
    if (scanned > limits.maxScanPerUpdate) return 'the update places too many changes far from their neighbours'
  }
  return null
}

/**
 * The array moves Yjs will make in clients' lists of structs: splitting a struct inserts one into the list, merging
 * removes some, and each moves everything after it (a splice). A list grows by one per split, so many splits of one
 * client cost more each.
 */
class SpliceWork {
  total = 0
  private readonly grown = new Map<number, number>()

  constructor(private readonly doc: Y.Doc) {}

  split(client: number): void {
    this.merge(client)
    this.grown.set(client, (this.grown.get(client) ?? 0) + 1)
  }

  merge(client: number): void {
    this.total += (this.doc.store.clients.get(client)?.length ?? 0) + (this.grown.get(client) ?? 0)
  }
}

/** True when Yjs would merge `right` into `left` once both are deleted (list neighbours written as one run). */
function mergeable(left: Struct, right: Struct): boolean {
  return (
    left instanceof Y.Item &&
    right instanceof Y.Item &&
    left.right === right &&
    right.origin !== null &&
    right.origin.client === left.id.client &&
    right.origin.clock === left.id.clock + left.length - 1
  )
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
