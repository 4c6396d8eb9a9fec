import { useEffect, useId, useRef } from 'react'
import { setEasyRead, useEasyRead } from '../../lib/easyRead'
import { setViewMode, takeFocusAfterSwitch, useViewMode } from '../../lib/viewMode'
import { strings } from '../../strings'
import { listView } from '../list/lazyListView'
import { Icon } from './Icon'

/** Someone is about to open the list view: fetch its code now. */
const preloadList = (): void => void listView.preload().catch(() => undefined)

/**
 * "Show the ideas as: Board | List" and the "Easy read" switch. Both choices are remembered on this device.
 * `takeFocus`: after a switch, put keyboard focus on the pressed button here (the canvas view uses it; the list
 * view puts focus on its heading instead).
 */
export function ViewSwitch({ takeFocus = false }: { takeFocus?: boolean }) {
  const view = useViewMode()
  const easyRead = useEasyRead()
  const helpId = useId()
  const pressed = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (takeFocus && takeFocusAfterSwitch()) pressed.current?.focus()
  }, [takeFocus])

  return (
    <div className="rt-view-switch">
      <div className="rt-segmented" role="group" aria-label={strings.views.groupLabel}>
        <button
          ref={view === 'canvas' ? pressed : undefined}
          type="button"
          className="rt-segmented__button"
          aria-pressed={view === 'canvas'}
          onClick={() => setViewMode('canvas')}
        >
          <Icon name="board" />
          {strings.views.board}
        </button>
        <button
          ref={view === 'list' ? pressed : undefined}
          type="button"
          className="rt-segmented__button"
          aria-pressed={view === 'list'}
          onFocus={preloadList}
          onPointerEnter={preloadList}
          onClick={() => setViewMode('list')}
        >
          <Icon name="list" />
          {strings.views.list}
        </button>
      </div>
      <button
        type="button"
        role="switch"
        className="rt-switch"
        aria-checked={easyRead}
        aria-describedby={helpId}
        onClick={() => setEasyRead(!easyRead)}
      >
        <span className="rt-switch__track" aria-hidden="true">
          <span className="rt-switch__thumb" />
        </span>
        {strings.views.easyRead}
      </button>
      <span id={helpId} hidden>
        {strings.views.easyReadHelp}
      </span>
    </div>
  )
}

/**
 * The first thing a keyboard or screen reader reaches on the canvas: a way straight to the list view. Hidden until
 * it has focus, so it does not get in the way of people using a mouse.
 */
export function SkipToList() {
  return (
    <button type="button" className="rt-skip" onFocus={preloadList} onClick={() => setViewMode('list')}>
      {strings.views.skipToList}
    </button>
  )
}
