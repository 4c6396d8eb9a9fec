/** The sections of the session panel. */
export type PanelTab = 'vote' | 'actions' | 'people' | 'facilitate' | 'invite'

/** Whether the panel is open, which section shows, and an action to bring into view. */
export interface PanelState {
  open: boolean
  tab: PanelTab
  /** Set when an action was just made (e.g. from an idea): its card scrolls into view and its words get focus. */
  focusActionId: string | null
}

const OPEN_STORAGE_KEY = 'roundtable:panel-open'

function initialOpen(): boolean {
  try {
    const stored = window.localStorage.getItem(OPEN_STORAGE_KEY)
    if (stored === 'true' || stored === 'false') return stored === 'true'
  } catch {
    // Storage unavailable: fall through to the default.
  }
  // Open on wide screens; on phones the board gets the room until the person asks for the panel.
  return typeof window.matchMedia !== 'function' || !window.matchMedia('(max-width: 760px)').matches
}

/** The panel's state for one open board, shared by the panel, the canvas controls and the top strip. */
export class PanelController {
  private state: PanelState = { open: initialOpen(), tab: 'vote', focusActionId: null }
  private readonly listeners = new Set<() => void>()

  getState = (): PanelState => this.state

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Open the panel at a section, optionally bringing an action into view. */
  show(tab: PanelTab, focusActionId: string | null = null): void {
    this.set({ open: true, tab, focusActionId })
  }

  setOpen(open: boolean): void {
    this.set({ open })
  }

  setTab(tab: PanelTab): void {
    this.set({ tab, focusActionId: null })
  }

  /** The action card has taken focus; forget the request. */
  focusedAction(): void {
    if (this.state.focusActionId) this.set({ focusActionId: null })
  }

  private set(patch: Partial<PanelState>): void {
    this.state = { ...this.state, ...patch }
    if ('open' in patch) {
      try {
        window.localStorage.setItem(OPEN_STORAGE_KEY, String(this.state.open))
      } catch {
        // The choice lasts for this page only.
      }
    }
    for (const listener of this.listeners) listener()
  }
}
