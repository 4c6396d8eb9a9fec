import { useSyncExternalStore } from 'react'
import { strings } from '../strings'

/**
 * Who this device is on a board: a stable random id, a display name and a colour, kept in localStorage and reused
 * on every board. There are no accounts; a person can change their name at any time.
 */
export interface Identity {
  /** Random, stable per device (browser profile). Not secret and not an account. */
  id: string
  /** The name others see: the one the person chose, or a friendly generated one. */
  name: string
  /** Cursor and avatar colour, dark enough for white text on top of it. */
  color: string
  /** False until the person has either typed a name or chosen to skip; the board then asks once. */
  hasChosenName: boolean
}

/** localStorage key for the identity. Tests may pre-fill it to skip the name question. */
export const IDENTITY_STORAGE_KEY = 'roundtable:identity'

/** Longest display name we keep. */
export const MAX_NAME_LENGTH = 40

/** Colours for people's cursors; each has at least 4.5:1 contrast with white text. */
export const USER_COLOURS = [
  '#C92A2A',
  '#1864AB',
  '#2B8A3E',
  '#862E9C',
  '#A61E4D',
  '#5F3DC4',
  '#0B7285',
  '#087F5B',
  '#364FC7',
  '#B3420D',
] as const

interface StoredIdentity {
  id?: unknown
  name?: unknown
  suggestedName?: unknown
  color?: unknown
}

/** A random integer in [0, max), from the platform's crypto source (available on plain http too). */
function randomInt(max: number): number {
  const buf = new Uint32Array(1)
  crypto.getRandomValues(buf)
  return (buf[0] ?? 0) % max
}

function randomId(): string {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

function pick<T>(list: readonly T[]): T {
  return list[randomInt(list.length)] as T
}

/** A friendly generated name such as "Kind Otter". */
export function friendlyName(): string {
  return `${pick(strings.friendlyNames.adjectives)} ${pick(strings.friendlyNames.animals)}`
}

/** Trim and shorten a typed name; an empty result means "no name given". */
export function cleanName(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH)
}

function readStored(): StoredIdentity {
  try {
    const raw = window.localStorage.getItem(IDENTITY_STORAGE_KEY)
    const parsed: unknown = raw ? JSON.parse(raw) : {}
    return typeof parsed === 'object' && parsed !== null ? (parsed as StoredIdentity) : {}
  } catch {
    return {} // storage disabled (private mode) or corrupt: start afresh, in memory only
  }
}

function writeStored(value: StoredIdentity): void {
  try {
    window.localStorage.setItem(IDENTITY_STORAGE_KEY, JSON.stringify(value))
  } catch {
    // Storage is full or disabled; the identity lasts for this page only.
  }
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined
}

let stored: StoredIdentity | undefined
let current: Identity | undefined
const listeners = new Set<() => void>()

function load(): Identity {
  stored = readStored()
  const id = nonEmptyString(stored.id) ?? randomId()
  const suggestedName = nonEmptyString(stored.suggestedName) ?? friendlyName()
  const color = nonEmptyString(stored.color) ?? pick(USER_COLOURS)
  const chosen = nonEmptyString(stored.name)
  stored = { ...stored, id, suggestedName, color }
  writeStored(stored)
  return { id, name: chosen ?? suggestedName, color, hasChosenName: chosen !== undefined }
}

/** This device's identity (created and saved on first use). */
export function getIdentity(): Identity {
  current ??= load()
  return current
}

/** The generated name offered when someone skips the name question. */
export function getSuggestedName(): string {
  getIdentity()
  return nonEmptyString(stored?.suggestedName) ?? friendlyName()
}

/** Change the display name and/or colour; an empty name falls back to the suggested one. */
export function updateIdentity(change: { name?: string; color?: string }): void {
  const before = getIdentity()
  const name = change.name === undefined ? before.name : cleanName(change.name) || getSuggestedName()
  const color = nonEmptyString(change.color) ?? before.color
  if (name === before.name && color === before.color && before.hasChosenName) return
  stored = { ...stored, name, color }
  writeStored(stored)
  current = { ...before, name, color, hasChosenName: true }
  for (const listener of listeners) listener()
}

/** Subscribe to identity changes; returns an unsubscribe function. */
export function subscribeIdentity(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** React hook: this device's identity, re-rendering when it changes. */
export function useIdentity(): Identity {
  return useSyncExternalStore(subscribeIdentity, getIdentity)
}
