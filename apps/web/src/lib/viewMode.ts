import { useSyncExternalStore } from 'react'

/**
 * How this device shows a board: the canvas, or the list (made for screen readers and keyboards). Remembered on
 * the device for every board, so a person who needs the list never has to meet the canvas again.
 */
export type ViewMode = 'canvas' | 'list'

/** localStorage key for the choice. */
export const VIEW_STORAGE_KEY = 'roundtable:view'

function readStored(): ViewMode {
  try {
    return window.localStorage.getItem(VIEW_STORAGE_KEY) === 'list' ? 'list' : 'canvas'
  } catch {
    return 'canvas'
  }
}

let mode: ViewMode | undefined
/** Set when the person switched: the new view puts keyboard focus on its own switch, so they keep their place. */
let focusAfterSwitch = false
const listeners = new Set<() => void>()

/** The view chosen on this device. */
export function getViewMode(): ViewMode {
  mode ??= readStored()
  return mode
}

/** Switch view and remember the choice. */
export function setViewMode(next: ViewMode): void {
  if (next === getViewMode()) return
  mode = next
  focusAfterSwitch = true
  try {
    window.localStorage.setItem(VIEW_STORAGE_KEY, next)
  } catch {
    // Storage unavailable: the choice lasts for this page only.
  }
  for (const listener of listeners) listener()
}

/** True once after a switch: the caller should move focus into the new view. */
export function takeFocusAfterSwitch(): boolean {
  const take = focusAfterSwitch
  focusAfterSwitch = false
  return take
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** React hook: the view chosen on this device. */
export function useViewMode(): ViewMode {
  return useSyncExternalStore(subscribe, getViewMode, () => 'canvas')
}
