import { useSyncExternalStore } from 'react'
import { selectWords } from '../strings'

/**
 * The "Easy read" setting: bigger text and targets, simpler words, a picture beside each main button. Kept on the
 * device (not per board), so every Roundtable page can read it, including pages that do not import this module:
 * `localStorage.getItem('roundtable:easy-read') === '1'`.
 */

/** localStorage key for the setting: `"1"` on, `"0"` (or missing) off. */
export const EASY_READ_STORAGE_KEY = 'roundtable:easy-read'

/** Attribute on `<html>` while easy read is on; the styles key off it. */
export const EASY_READ_ATTRIBUTE = 'data-easy-read'

function readStored(): boolean {
  try {
    return window.localStorage.getItem(EASY_READ_STORAGE_KEY) === '1'
  } catch {
    return false
  }
}

let on = typeof window === 'undefined' ? false : readStored()
const listeners = new Set<() => void>()

function apply(): void {
  selectWords(on)
  if (typeof document !== 'undefined') document.documentElement.toggleAttribute(EASY_READ_ATTRIBUTE, on)
  for (const listener of listeners) listener()
}

/** Whether easy read is on now. */
export function isEasyRead(): boolean {
  return on
}

/** Turn easy read on or off, on this device, for every page. */
export function setEasyRead(next: boolean): void {
  if (next === on) return
  on = next
  try {
    window.localStorage.setItem(EASY_READ_STORAGE_KEY, next ? '1' : '0')
  } catch {
    // Storage unavailable: the choice lasts for this page only.
  }
  apply()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** React hook: whether easy read is on. Components that show words call it so they re-render on a switch. */
export function useEasyRead(): boolean {
  return useSyncExternalStore(subscribe, isEasyRead, () => false)
}

if (typeof window !== 'undefined') {
  apply()
  // Changed in another tab (or on the phone page in another window): follow it here too.
  window.addEventListener('storage', (event) => {
    if (event.key !== EASY_READ_STORAGE_KEY) return
    const stored = readStored()
    if (stored === on) return
    on = stored
    apply()
  })
}
