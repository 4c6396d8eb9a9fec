/**
 * The board's own value rules: what a client may write into `actions` and `meta`, and the bounds every plain JSON
 * value in the document keeps (records are checked against tldraw's validators as well, in packages/sync). Readers
 * use the same rules to skip what a board stored before the rules existed. Every check here is iterative and costs
 * O(size of the value), so a hostile value cannot blow the stack or the CPU budget.
 */

/** Deepest plain JSON value accepted anywhere in a board (tldraw's own records nest five or six levels). */
export const MAX_JSON_DEPTH = 16
/** Longest string accepted inside a JSON value (image assets carry their picture as a data URL, hence the size). */
export const MAX_JSON_STRING = 16_000_000
/** Largest absolute number accepted inside a JSON value: integers stay exact, and any time fits a Date. */
export const MAX_JSON_NUMBER = Number.MAX_SAFE_INTEGER
/** Largest absolute coordinate or size of a shape: far beyond any canvas, far below float trouble. */
export const MAX_COORDINATE = 1e9
/** Earliest and latest time (ms since 1970) accepted in a timestamp written by a client: 2000 to 2100. */
export const MIN_TIME = Date.UTC(2000, 0, 1)
export const MAX_TIME = Date.UTC(2100, 0, 1)
/** Longest id of a record an action points to. */
export const MAX_REF_ID = 128
/** Longest name of an action's owner. */
export const MAX_OWNER_NAME = 200

/** Says what is wrong with a value in a few words, or null when it is fine. */
export type Problem = string | null

/** Where a reader reports a value it skipped (the server logs each kind once per board). */
export type InvalidSink = (kind: string, detail: string) => void

/**
 * Check that a value is plain JSON within the bounds: null, booleans, finite numbers within ±MAX_JSON_NUMBER,
 * strings up to MAX_JSON_STRING, arrays and plain objects no deeper than `maxDepth`. Anything else (a Yjs type,
 * a Uint8Array, NaN, a 5,000-deep chain) is a problem. Iterative: the cost is the value's size, the stack constant.
 */
export function checkJson(value: unknown, maxDepth = MAX_JSON_DEPTH): Problem {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }]
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!
    if (v === null || typeof v === 'boolean') continue
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Math.abs(v) > MAX_JSON_NUMBER) return `number out of range (${v})`
      continue
    }
    if (typeof v === 'string') {
      if (v.length > MAX_JSON_STRING) return 'string too long'
      continue
    }
    if (typeof v !== 'object') return `not JSON (${typeof v})`
    if (depth >= maxDepth) return `nested deeper than ${maxDepth}`
    if (Array.isArray(v)) {
      for (const item of v) stack.push({ value: item, depth: depth + 1 })
      continue
    }
    const proto = Object.getPrototypeOf(v)
    if (proto !== Object.prototype && proto !== null) return 'not plain JSON (an object of another kind)'
    for (const item of Object.values(v)) stack.push({ value: item, depth: depth + 1 })
  }
  return null
}

/** A copy of a plain JSON value, or undefined when it breaks the bounds of {@link checkJson}. */
export function safeJson<T = unknown>(value: unknown, maxDepth = MAX_JSON_DEPTH): T | undefined {
  if (value === undefined) return undefined
  if (checkJson(value, maxDepth) !== null) return undefined
  return (value === null || typeof value !== 'object' ? value : structuredCloneJson(value)) as T
}

function structuredCloneJson(value: object): unknown {
  // Depth is already bounded by checkJson, so the recursion inside JSON is bounded too.
  return JSON.parse(JSON.stringify(value))
}

/** A time in ms that a Date can hold and that makes sense for a board (0 = the epoch, used by old fixtures). */
export function isStoredTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_TIME
}

/** A time a client may write: within 2000–2100. */
export function isClientTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= MIN_TIME && value <= MAX_TIME
}

/** ISO 8601 for a stored time; out-of-range or non-numbers read as the epoch rather than throwing. */
export function isoTime(ms: unknown): string {
  return new Date(isStoredTime(ms) ? ms : 0).toISOString()
}

/** True for a `YYYY-MM-DD` string that is a real calendar date. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

const ACTION_ID = /^action:[A-Za-z0-9_-]{1,32}$/

/** True for a well-formed action id: `action:` and 1–32 characters of the nanoid alphabet (the server makes 16). */
export function isActionId(value: unknown): value is string {
  return typeof value === 'string' && ACTION_ID.test(value)
}

const RECORD_REF = /^[a-z_]{1,32}:[A-Za-z0-9_-]{1,96}$/

/** True for a tldraw-style record id (`shape:…`, `page:…`) of bounded length and plain characters. */
export function isRecordRef(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_REF_ID && RECORD_REF.test(value)
}

/**
 * The fields of an action as a client may leave them. Text fields (`what`, `note`) arrive as their plain text (the
 * caller checks that they are collaborative text); `undefined` means the field is absent.
 */
export function checkActionFields(id: string, fields: Readonly<Record<string, unknown>>): Problem {
  if (!isActionId(id)) return 'malformed action id'
  for (const [key, value] of Object.entries(fields)) {
    switch (key) {
      case 'id':
        if (value !== id) return 'action id field differs from its key'
        break
      case 'what':
      case 'note':
        if (typeof value !== 'string') return `action ${key} must be text`
        break
      case 'who':
        if (typeof value !== 'string' || value.length > MAX_OWNER_NAME) return 'action who must be a short string'
        break
      case 'due':
        if (value !== null && !(typeof value === 'string' && isIsoDate(value)))
          return 'action due must be a date or null'
        break
      case 'ideaId':
        if (value !== null && !isRecordRef(value)) return 'action ideaId must be a record id or null'
        break
      case 'createdAt':
        if (!isClientTime(value)) return 'action createdAt out of range'
        break
      default:
        return `unknown action field "${key.slice(0, 40)}"`
    }
  }
  return null
}

const MAX_PLAIN_WORDS = 500
const MAX_PLAIN_WORD = 200
const MAX_TURN_PEOPLE = 1000

/** The keys of `meta`, each with its rule (docs/DATA-MODEL.md). Unknown keys are refused. */
const META_RULES: Readonly<Record<string, (value: unknown) => Problem>> = {
  // The session's name and creation time are the server's: facilitators rename through PUT /title (with a history
  // entry); nobody rewrites when a session began.
  title: () => 'the session name is changed by facilitators only',
  createdAt: () => 'createdAt is set by the server',
  plainWords: (v) => {
    if (!Array.isArray(v) || v.length > MAX_PLAIN_WORDS)
      return `plainWords must be a list of at most ${MAX_PLAIN_WORDS}`
    for (const entry of v) {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
        return 'plainWords entries must be objects'
      const { term, plain, ...rest } = entry as Record<string, unknown>
      if (Object.keys(rest).some((k) => k !== 'note')) return 'plainWords entries hold term, plain and note'
      if (typeof term !== 'string' || term.length > MAX_PLAIN_WORD) return 'plainWords term must be a short string'
      if (
        !Array.isArray(plain) ||
        plain.length > 20 ||
        !plain.every((p) => typeof p === 'string' && p.length <= MAX_PLAIN_WORD)
      ) {
        return 'plainWords plain must be a short list of short strings'
      }
    }
    return null
  },
  turns: (v) => {
    if (v === null) return null
    if (typeof v !== 'object' || Array.isArray(v)) return 'turns must be an object'
    for (const [key, field] of Object.entries(v as Record<string, unknown>)) {
      if (key === 'order') {
        if (
          !Array.isArray(field) ||
          field.length > MAX_TURN_PEOPLE ||
          !field.every((id) => typeof id === 'string' && id.length <= MAX_REF_ID)
        ) {
          return 'turns order must be a list of ids'
        }
      } else if (key === 'status') {
        if (field !== 'running' && field !== 'stopped') return 'turns status must be running or stopped'
      } else if (typeof field === 'number') {
        if (!Number.isFinite(field) || Math.abs(field) > MAX_TIME) return `turns ${key.slice(0, 40)} out of range`
      } else if (field !== null && !(typeof field === 'string' && field.length <= MAX_REF_ID)) {
        return `turns ${key.slice(0, 40)} must be a number, a short string or null`
      }
    }
    return null
  },
  schema: (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'schema must be an object'
    const { schemaVersion, sequences, ...rest } = v as Record<string, unknown>
    if (Object.keys(rest).length > 0) return 'schema holds schemaVersion and sequences'
    if (
      typeof schemaVersion !== 'number' ||
      !Number.isInteger(schemaVersion) ||
      schemaVersion < 0 ||
      schemaVersion > 1000
    )
      return 'schema version out of range'
    if (typeof sequences !== 'object' || sequences === null || Array.isArray(sequences))
      return 'schema sequences must be an object'
    const entries = Object.entries(sequences)
    if (entries.length > 500) return 'too many schema sequences'
    for (const [name, version] of entries) {
      if (
        name.length > 200 ||
        typeof version !== 'number' ||
        !Number.isInteger(version) ||
        version < 0 ||
        version > 100_000
      ) {
        return 'schema sequence out of range'
      }
    }
    return null
  },
}

/** The meta keys a board knows. */
export const META_KEYS: readonly string[] = Object.keys(META_RULES)

/** Check one `meta` value against its key's rule (plain bounded JSON first). */
export function checkMetaValue(key: string, value: unknown): Problem {
  const rule = Object.hasOwn(META_RULES, key) ? META_RULES[key] : undefined
  if (!rule) return `unknown meta key "${key.slice(0, 40)}"`
  return checkJson(value) ?? rule(value)
}
