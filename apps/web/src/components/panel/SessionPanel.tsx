import { useEffect, useId, useRef, type KeyboardEvent } from 'react'
import type { Editor } from 'tldraw'
import { canEdit, canFacilitate } from '@roundtable/board'
import { strings } from '../../strings'
import { usePanelState, useSession, useSessionState } from '../SessionContext'
import { useEasyRead } from '../../lib/easyRead'
import { lazyPart } from '../lazyPart'
import type { PanelTab } from './panelState'
import { VotePanel } from './VotePanel'
import { TemplateButton } from '../../templates/TemplateButton'
import { useSeriesInfo } from '../../sync/docHooks'
import { seriesPlace } from '../../lib/series'

// Only the Vote section comes with the page; the others are fetched when opened (or when the browser is idle).
const actions = lazyPart(() => import('./ActionsPanel').then((m) => m.ActionsPanel))
const people = lazyPart(() => import('../inclusion/EqualVoicePanel').then((m) => m.EqualVoicePanel))
const facilitate = lazyPart(() => import('./FacilitatePanel').then((m) => m.FacilitatePanel))
const invite = lazyPart(() => import('./InvitePanel').then((m) => m.InvitePanel))
/** The panel sections that are not part of the page's first download. */
export const LAZY_PANEL_PARTS = [actions, people, facilitate, invite]

/**
 * The session panel beside the board: Vote, Actions, and for facilitators Facilitate and Invite. It sits next to
 * the canvas (never over tldraw's own controls) and folds away to a strip of section buttons.
 * Keyboard: the sections are a tab list (arrow keys, Home, End); everything inside is ordinary buttons and fields.
 */
export function SessionPanel({ editor }: { editor: Editor | null }) {
  const { session, panel } = useSession()
  const { role, deletesAt, title } = useSessionState(session)
  const { open, tab: chosen } = usePanelState(panel)
  const place = seriesPlace(useSeriesInfo(session.doc))
  const baseId = useId()
  const tabRefs = useRef(new Map<PanelTab, HTMLButtonElement>())
  const stripRef = useRef<HTMLElement>(null)
  // Folding or unfolding removes the button that was pressed; keep keyboard focus in the panel.
  const toggled = useRef(false)

  useEasyRead()
  const tabs: PanelTab[] =
    role !== null && canFacilitate(role)
      ? ['vote', 'actions', 'people', 'facilitate', 'invite']
      : ['vote', 'actions', 'people']
  const tab = tabs.includes(chosen) ? chosen : 'vote'
  const tabId = (t: PanelTab) => `${baseId}-tab-${t}`
  const panelId = (t: PanelTab) => `${baseId}-panel-${t}`

  useEffect(() => {
    if (!toggled.current) return
    toggled.current = false
    if (open) tabRefs.current.get(tab)?.focus()
    else stripRef.current?.querySelector('button')?.focus()
  }, [open, tab])

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>): void => {
    const index = tabs.indexOf(tab)
    let next: PanelTab | undefined
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = tabs[(index + 1) % tabs.length]
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = tabs[(index - 1 + tabs.length) % tabs.length]
    else if (event.key === 'Home') next = tabs[0]
    else if (event.key === 'End') next = tabs[tabs.length - 1]
    if (!next) return
    event.preventDefault()
    panel.setTab(next)
    tabRefs.current.get(next)?.focus()
  }

  if (!open) {
    return (
      <aside className="rt-panel" data-open="false" aria-label={strings.panel.label}>
        <nav ref={stripRef} className="rt-panel__strip" aria-label={strings.panel.tabsLabel}>
          {tabs.map((t) => (
            <button
              key={t}
              type="button"
              className="rt-panel__strip-button"
              aria-expanded="false"
              aria-label={strings.panel.showLabel(strings.panel.tabs[t])}
              onClick={() => {
                toggled.current = true
                panel.show(t)
              }}
            >
              <span className={`rt-icon rt-icon--${t}`} aria-hidden="true" />
              <span className="rt-panel__strip-word">{strings.panel.tabs[t]}</span>
            </button>
          ))}
        </nav>
      </aside>
    )
  }

  return (
    <aside className="rt-panel" data-open="true" aria-label={strings.panel.label}>
      {/* The session's name, for everyone at a laptop as on the phone and the shared screen. */}
      <p className="rt-panel__session">{title}</p>
      {place && <p className="rt-panel__series">{place}</p>}
      <div className="rt-panel__head">
        <div className="rt-tabs" role="tablist" aria-label={strings.panel.tabsLabel}>
          {tabs.map((t) => (
            <button
              key={t}
              ref={(el) => {
                if (el) tabRefs.current.set(t, el)
                else tabRefs.current.delete(t)
              }}
              type="button"
              role="tab"
              id={tabId(t)}
              className="rt-tab"
              aria-selected={t === tab}
              aria-controls={panelId(t)}
              tabIndex={t === tab ? 0 : -1}
              onClick={() => panel.setTab(t)}
              onKeyDown={onTabKey}
            >
              <span className={`rt-icon rt-icon--${t}`} aria-hidden="true" />
              {strings.panel.tabs[t]}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="rt-panel__hide"
          aria-expanded="true"
          aria-label={strings.panel.hideLabel}
          title={strings.panel.hide}
          onClick={() => {
            toggled.current = true
            panel.setOpen(false)
          }}
        >
          <span className="rt-icon rt-icon--hide" aria-hidden="true" />
        </button>
      </div>
      <div className="rt-panel__body" role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)} tabIndex={0}>
        {role === 'view' && <p className="rt-panel__viewonly">{strings.panel.viewOnly}</p>}
        {tab === 'vote' && <VotePanel editor={editor} />}
        {tab === 'actions' && <actions.Part editor={editor} />}
        {tab === 'people' && <people.Part />}
        {tab === 'facilitate' && <facilitate.Part editor={editor} />}
        {tab === 'invite' && <invite.Part />}
        {deletesAt !== null && (
          <p className="rt-muted">
            {strings.history.retention(
              new Date(deletesAt).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' }),
            )}
          </p>
        )}
      </div>
      {role !== null && canEdit(role) && <TemplateButton session={session} editor={editor} />}
    </aside>
  )
}
