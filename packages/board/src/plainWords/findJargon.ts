import { PLAIN_WORDS, type PlainWordEntry } from './wordList'

/**
 * One place in a text where a listed word or phrase was found. Offsets count UTF-16 code units, as
 * `String.prototype.slice` and Yjs text do, so they can be used on the same string directly.
 */
export interface JargonMatch {
  /** Index of the first character of the match. */
  start: number
  /** Index just past the last character of the match. */
  end: number
  /** The words exactly as written, e.g. "Stakeholders". */
  found: string
  /** The list entry that matched, e.g. "stakeholder". */
  term: string
  /** Plain alternatives to offer, best first. A copy: changing it changes nothing else. */
  plain: string[]
}

/*
 * How matching works
 *
 * Text is split into words: runs of letters, digits and combining marks, also split where Latin letters meet
 * letters of another script (so an English word inside Chinese or Arabic text is still a word of its own). Anything
 * else (spaces, punctuation, emoji, apostrophes) sits between words. Every entry is turned once into "variants": word
 * sequences such as ["stakeholders"] or ["multidisciplinary", "team"]; these are indexed by their first word, so
 * scanning a text costs one Map lookup per word whatever the size of the list.
 *
 * The rules that make variants, all suffix-only so they never invent a shorter word:
 *  1. A hyphen in a term matches a hyphen or whitespace, or can be left out ("co-production", "co production",
 *     "coproduction"). A space in a term matches whitespace or a hyphen ("care package", "care-package").
 *  2. The last word takes simple endings: -s / -es / -ies, -ed / -d / -ied and -ing (dropping a final "e"), and
 *     -ically for words in -ic ("holistically"). Words already ending in -ing take only -s; words ending in -ed
 *     take nothing.
 *  3. Spaced phrasal verbs ending in one of PARTICLES also inflect their first word ("rolled out", "reaching out").
 *     Hyphenated compounds are nouns ("step-down", "sign-off") and do not: "the chair stepped down" is not jargon.
 *  4. British -ise / -isation words also match -ize / -ization ("prioritized").
 *  5. A word with two or more capitals is an abbreviation and matches only as written, plus a lower-case plural
 *     ("KPI", "KPIs"), so "SEND" never flags "send".
 * Different words ("commissioner" from "commissioning") are separate entries, not derived.
 *
 * At each word the longest match wins; an exact form beats an inflected one of the same length (so "signposting" is
 * the "signposting" entry, not "signpost" + -ing), and a session's own entry beats a built-in one. A match never
 * starts or ends inside a hyphenated compound ("pre-commissioning" is left alone) or inside a web or email address.
 */

const PARTICLES = new Set(['out', 'up', 'down', 'off', 'back', 'in', 'over', 'through'])

/** A run of Latin letters/digits/marks, or a run of letters of other scripts with their digits and marks. */
const WORD = /[\p{Script=Latin}\p{N}\p{M}]+|(?:[^\P{L}\p{Script=Latin}][\p{M}\p{N}]*)+/gu
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u
const HYPHEN = /^[-\u2010\u2011]$/
const SPACE_JOIN = /^(?:\s+|[-\u2010\u2011])$/u
const APOSTROPHE_JOIN = /^['\u2019]$/
const LINK = /:\/\/|(?:^|[^\p{L}\p{N}])www\.|[^\s@]@[^\s@]+\.[^\s@]/u

type TermJoin = 'space' | 'hyphen' | 'apostrophe'
type Join = 'space' | 'apostrophe'

interface Token {
  start: number
  end: number
  text: string
  lower: string
  inLink: boolean
}

interface Variant {
  /** Lower-case words, except abbreviations, which keep their capitals and must match exactly. */
  words: readonly string[]
  exact: readonly boolean[]
  joins: readonly Join[]
  inflected: boolean
  entry: PlainWordEntry
  /** The entry's term normalised (lower case, hyphens as spaces): what a session entry overrides. */
  key: string
}

type Index = Map<string, Variant[]>

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  for (const m of text.matchAll(WORD)) {
    tokens.push({ start: m.index, end: m.index + m[0].length, text: m[0], lower: m[0].toLowerCase(), inLink: false })
  }
  if (tokens.length > 0 && (text.includes('://') || text.includes('www.') || text.includes('@')))
    markLinks(text, tokens)
  return tokens
}

/** Flags words that sit inside a web or email address, which must never be rewritten. */
function markLinks(text: string, tokens: Token[]): void {
  let t = 0
  for (const chunk of text.matchAll(/\S+/g)) {
    const start = chunk.index
    const end = start + chunk[0].length
    while (t < tokens.length && tokens[t]!.end <= start) t++
    if (!LINK.test(chunk[0])) continue
    for (let k = t; k < tokens.length && tokens[k]!.start < end; k++) tokens[k]!.inLink = true
  }
}

function isAbbreviation(word: string): boolean {
  return /\p{Lu}.*\p{Lu}/u.test(word)
}

/** Splits a term into words and the joins between them, or undefined if something else joins them (e.g. "&"). */
function parseTerm(term: string): { words: string[]; joins: TermJoin[] } | undefined {
  const tokens = tokenize(term)
  if (tokens.length === 0 || term.slice(0, tokens[0]!.start).trim() !== '') return undefined
  if (term.slice(tokens[tokens.length - 1]!.end).trim() !== '') return undefined
  const joins: TermJoin[] = []
  for (let k = 1; k < tokens.length; k++) {
    const between = term.slice(tokens[k - 1]!.end, tokens[k]!.start)
    if (/^\s+$/u.test(between)) joins.push('space')
    else if (HYPHEN.test(between)) joins.push('hyphen')
    else if (APOSTROPHE_JOIN.test(between)) joins.push('apostrophe')
    else return undefined
  }
  return { words: tokens.map((t) => t.text), joins }
}

function normaliseTerm(words: readonly string[]): string {
  return words.map((w) => w.toLowerCase()).join(' ')
}

/** The extra forms of one word (rules 2, 4 and 5 above), not including the word itself. */
function inflect(word: string): string[] {
  if (isAbbreviation(word)) return [`${word}s`]
  if (!/^\p{L}{3,}$/u.test(word)) return []
  const w = word.toLowerCase()
  if (w.endsWith('ed')) return []
  if (w.endsWith('ing')) return [`${w}s`]
  const forms: string[] = []
  const stem = w.slice(0, -1)
  if (/[^aeiou]y$/.test(w)) forms.push(`${stem}ies`, `${stem}ied`, `${w}ing`)
  else if (/(?:s|x|z|ch|sh)$/.test(w)) forms.push(`${w}es`, `${w}ed`, `${w}ing`)
  else if (w.endsWith('ee')) forms.push(`${w}s`, `${w}d`, `${w}ing`)
  else if (w.endsWith('e')) forms.push(`${w}s`, `${w}d`, `${stem}ing`)
  else forms.push(`${w}s`, `${w}ed`, `${w}ing`)
  if (w.endsWith('ic')) forms.push(`${w}ally`)
  if (/(?:ise|isation)$/.test(w) && w.length >= 6) {
    for (const form of [w, ...forms]) forms.push(form.replace(/is(e|es|ed|ing|ation|ations)$/, 'iz$1'))
  }
  return forms
}

function closedForms(words: readonly string[], joins: readonly TermJoin[]): { words: string[]; joins: TermJoin[] }[] {
  let forms = [{ words: [words[0]!], joins: [] as TermJoin[] }]
  for (let k = 1; k < words.length; k++) {
    const next: typeof forms = []
    for (const form of forms) {
      next.push({ words: [...form.words, words[k]!], joins: [...form.joins, joins[k - 1]!] })
      if (joins[k - 1] === 'hyphen') {
        const merged = [...form.words]
        merged[merged.length - 1] += words[k]!
        next.push({ words: merged, joins: form.joins })
      }
    }
    forms = next
  }
  return forms
}

/** A copy with one word changed (not `Array.prototype.with`, which older phones lack). */
function replaceAt(words: readonly string[], at: number, word: string): string[] {
  const copy = [...words]
  copy[at] = word
  return copy
}

function compile(entry: PlainWordEntry): { key: string; variants: Variant[] } | undefined {
  const parsed = parseTerm(entry.term)
  if (!parsed) return undefined
  const key = normaliseTerm(parsed.words)
  const variants: Variant[] = []
  const seen = new Set<string>()
  const add = (words: string[], joins: TermJoin[], inflected: boolean): void => {
    const exact = words.map(isAbbreviation)
    const stored = words.map((w, k) => (exact[k] ? w : w.toLowerCase()))
    const signature = stored.join('\u0000')
    if (seen.has(signature)) return
    seen.add(signature)
    variants.push({
      words: stored,
      exact,
      joins: joins.map((j) => (j === 'apostrophe' ? 'apostrophe' : 'space')),
      inflected,
      entry,
      key,
    })
  }
  const phrasalVerb =
    parsed.words.length >= 2 &&
    parsed.joins.every((j) => j === 'space') &&
    PARTICLES.has(parsed.words[parsed.words.length - 1]!.toLowerCase())
  for (const form of closedForms(parsed.words, parsed.joins)) add(form.words, form.joins, false)
  for (const form of closedForms(parsed.words, parsed.joins)) {
    const last = form.words.length - 1
    for (const inflected of inflect(form.words[last]!)) add(replaceAt(form.words, last, inflected), form.joins, true)
    if (phrasalVerb) {
      for (const inflected of inflect(form.words[0]!)) add(replaceAt(form.words, 0, inflected), form.joins, true)
    }
  }
  return { key, variants }
}

function cleanPlain(plain: unknown): string[] {
  if (!Array.isArray(plain)) return []
  return plain.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim())
}

function buildIndex(entries: readonly PlainWordEntry[]): { index: Index; keys: Set<string> } {
  const index: Index = new Map()
  const keys = new Set<string>()
  // A later entry with the same term replaces an earlier one, so compile the last of each first and skip repeats.
  for (let i = entries.length - 1; i >= 0; i--) {
    const raw = entries[i]
    if (!raw || typeof raw.term !== 'string') continue
    const entry: PlainWordEntry = { ...raw, plain: cleanPlain(raw.plain) }
    const compiled = compile(entry)
    if (!compiled || keys.has(compiled.key)) continue
    keys.add(compiled.key)
    // An entry with no alternatives still takes the term over: the session has decided the word is fine.
    if (entry.plain.length === 0) continue
    for (const variant of compiled.variants) {
      const first = variant.words[0]!.toLowerCase()
      const list = index.get(first)
      if (list) list.push(variant)
      else index.set(first, [variant])
    }
  }
  return { index, keys }
}

let builtIn: Index | undefined

/** The built-in list's index, made on first use and kept: the list never changes while the app runs. */
function builtInIndex(): Index {
  builtIn ??= buildIndex(PLAIN_WORDS).index
  return builtIn
}

function isGluedBefore(text: string, start: number): boolean {
  return HYPHEN.test(text.charAt(start - 1)) && WORD_CHAR.test(text.charAt(start - 2))
}

function isGluedAfter(text: string, end: number): boolean {
  return HYPHEN.test(text.charAt(end)) && WORD_CHAR.test(text.charAt(end + 1))
}

/** Where the variant matches the words from `i` on, the end offset; otherwise -1. */
function matchAt(text: string, tokens: readonly Token[], i: number, variant: Variant): number {
  const n = variant.words.length
  if (i + n > tokens.length) return -1
  for (let k = 0; k < n; k++) {
    const token = tokens[i + k]!
    if (token.inLink) return -1
    if (variant.exact[k] ? token.text !== variant.words[k] : token.lower !== variant.words[k]) return -1
    if (k > 0) {
      const between = text.slice(tokens[i + k - 1]!.end, token.start)
      const join = variant.joins[k - 1] === 'apostrophe' ? APOSTROPHE_JOIN : SPACE_JOIN
      if (!join.test(between)) return -1
    }
  }
  const start = tokens[i]!.start
  const end = tokens[i + n - 1]!.end
  if (isGluedBefore(text, start) || isGluedAfter(text, end)) return -1
  return end
}

/**
 * Finds jargon in a text: whole words and phrases from the built-in list and from `extra`, a session's own entries,
 * which replace built-in entries with the same term. A session entry with no alternatives switches that word off.
 * Matches come in text order and never overlap. Nothing is changed: the writer decides what to do with each one.
 */
export function findJargon(text: string, extra: readonly PlainWordEntry[] = []): JargonMatch[] {
  const tokens = tokenize(text)
  if (tokens.length === 0) return []
  const own = extra.length > 0 ? buildIndex(extra) : undefined
  const shared = builtInIndex()
  const matches: JargonMatch[] = []
  let i = 0
  while (i < tokens.length) {
    const lower = tokens[i]!.lower
    let best: Variant | undefined
    let bestEnd = -1
    const consider = (variant: Variant): void => {
      const end = matchAt(text, tokens, i, variant)
      if (end > bestEnd || (end === bestEnd && end !== -1 && best?.inflected === true && !variant.inflected)) {
        best = variant
        bestEnd = end
      }
    }
    for (const variant of own?.index.get(lower) ?? []) consider(variant)
    for (const variant of shared.get(lower) ?? []) {
      if (!own?.keys.has(variant.key)) consider(variant)
    }
    if (!best) {
      i++
      continue
    }
    const start = tokens[i]!.start
    matches.push({
      start,
      end: bestEnd,
      found: text.slice(start, bestEnd),
      term: best.entry.term,
      plain: [...best.entry.plain],
    })
    i += best.words.length
  }
  return matches
}

const SENTENCE_END = new Set(['.', '!', '?', '\u2026', '\u061F', '\u3002', '\uFF01', '\uFF1F'])
const OPENERS = new Set([
  '"',
  "'",
  '\u201C',
  '\u2018',
  '(',
  '[',
  '{',
  '\u00AB',
  '\u00BF',
  '\u00A1',
  '*',
  '\u2022',
  '-',
  '\u2013',
  '\u2014',
])

function startsSentence(text: string, index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const ch = text.charAt(i)
    if (ch === '\n' || ch === '\r') return true
    if (/\s/u.test(ch) || OPENERS.has(ch)) continue
    return SENTENCE_END.has(ch)
  }
  return true
}

function capitaliseFirst(value: string): string {
  const first = value.codePointAt(0)
  if (first === undefined) return value
  const char = String.fromCodePoint(first)
  return char.toUpperCase() + value.slice(char.length)
}

/** Fits the replacement to the way the found words were written. */
function matchCase(text: string, match: JargonMatch, replacement: string): string {
  if (!/^\p{Lu}/u.test(match.found)) return replacement
  const termHasCapital = /^\p{Lu}/u.test(match.term)
  // "KPI" or "Care Quality Commission" is always capitalised: only a sentence start says the writer chose it.
  if (termHasCapital && !startsSentence(text, match.start)) return replacement
  const letters = match.found.replace(/[^\p{L}]/gu, '')
  if (!termHasCapital && letters.length > 1 && letters === letters.toUpperCase()) return replacement.toUpperCase()
  return capitaliseFirst(replacement)
}

/**
 * Replaces one match with the writer's chosen words, leaving every other character as it was. A capital at the
 * start of the found words is kept ("Stakeholders said" → "People involved said"), and words written all in capitals
 * stay in capitals. If the text no longer holds `match.found` at that place (someone edited it meanwhile), the text
 * is returned unchanged, so the caller can compare and look again.
 */
export function acceptSuggestion(text: string, match: JargonMatch, replacement: string): string {
  const { start, end, found } = match
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start > end) return text
  if (text.slice(start, end) !== found) return text
  return text.slice(0, start) + matchCase(text, match, replacement) + text.slice(end)
}
