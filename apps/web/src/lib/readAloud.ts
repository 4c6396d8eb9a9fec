import { useSyncExternalStore } from 'react'

/**
 * Reading aloud with the browser's own speech (`window.speechSynthesis`): nothing is sent anywhere. Ideas are
 * spoken one utterance each, so pausing, resuming and changing speed work between ideas even in browsers that cut
 * long utterances short. Browsers without any voice say so instead of offering a button that does nothing.
 */

/** The speeds people can choose. */
export const SPEEDS = [0.75, 1, 1.25] as const
export type Speed = (typeof SPEEDS)[number]

const SPEED_STORAGE_KEY = 'roundtable:read-aloud-speed'

export interface ReadAloudState {
  /** True when this browser can speak (it has speech and at least one voice). */
  available: boolean
  /** What is being read ("Read all ideas"), or null when nothing is. */
  reading: string | null
  paused: boolean
  speed: Speed
}

function storedSpeed(): Speed {
  try {
    const value = Number(window.localStorage.getItem(SPEED_STORAGE_KEY))
    return (SPEEDS as readonly number[]).includes(value) ? (value as Speed) : 1
  } catch {
    return 1
  }
}

/** One reader per page. */
class ReadAloud {
  private state: ReadAloudState = { available: false, reading: null, paused: false, speed: 1 }
  private readonly listeners = new Set<() => void>()
  private queue: string[] = []
  /** Position in `queue` of the part being spoken. */
  private at = 0
  /** Bumped on every start and stop, so events from a cancelled utterance are ignored. */
  private run = 0
  private started = false

  private get synth(): SpeechSynthesis | null {
    return typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null
  }

  getState = (): ReadAloudState => {
    this.start()
    return this.state
  }

  subscribe = (listener: () => void): (() => void) => {
    this.start()
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Read these parts in order; `label` says what is being read. Stops anything already being read. */
  read(label: string, parts: readonly string[]): void {
    const synth = this.synth
    const clean = parts.map((p) => p.trim()).filter(Boolean)
    if (!synth || !this.state.available || clean.length === 0) return
    this.run++
    synth.cancel()
    this.queue = clean
    this.at = 0
    this.set({ reading: label, paused: false })
    this.speakCurrent()
  }

  pause(): void {
    if (!this.state.reading || this.state.paused) return
    // Cancelling and starting the part again is more reliable than `pause()`, which some browsers ignore.
    this.run++
    this.synth?.cancel()
    this.set({ paused: true })
  }

  resume(): void {
    if (!this.state.reading || !this.state.paused) return
    this.set({ paused: false })
    this.speakCurrent()
  }

  stop(): void {
    this.run++
    this.synth?.cancel()
    this.queue = []
    this.set({ reading: null, paused: false })
  }

  /** Change the speed; the part being read starts again at the new speed. */
  setSpeed(speed: Speed): void {
    try {
      window.localStorage.setItem(SPEED_STORAGE_KEY, String(speed))
    } catch {
      // The choice lasts for this page only.
    }
    this.set({ speed })
    if (this.state.reading && !this.state.paused) {
      this.run++
      this.synth?.cancel()
      this.speakCurrent()
    }
  }

  private speakCurrent(): void {
    const synth = this.synth
    const text = this.queue[this.at]
    if (!synth || text === undefined) {
      this.set({ reading: null, paused: false })
      return
    }
    const run = ++this.run
    const utterance = new SpeechSynthesisUtterance(text)
    utterance.rate = this.state.speed
    utterance.lang = document.documentElement.lang || 'en-GB'
    const next = (): void => {
      if (run !== this.run) return
      this.at++
      this.speakCurrent()
    }
    utterance.onend = next
    utterance.onerror = next
    synth.speak(utterance)
  }

  /** Find out (once, lazily) whether the browser has voices; some load them a moment after the page. */
  private start(): void {
    if (this.started) return
    this.started = true
    const synth = this.synth
    if (!synth) return
    this.state = { ...this.state, speed: storedSpeed() }
    const check = (): void => {
      const available = synth.getVoices().length > 0
      if (available !== this.state.available) this.set({ available })
    }
    check()
    synth.addEventListener?.('voiceschanged', check)
  }

  private set(patch: Partial<ReadAloudState>): void {
    this.state = { ...this.state, ...patch }
    for (const listener of this.listeners) listener()
  }
}

/** The page's reader. */
export const readAloud = new ReadAloud()

/** React hook: the reader's state. */
export function useReadAloud(): ReadAloudState {
  return useSyncExternalStore(readAloud.subscribe, readAloud.getState)
}
