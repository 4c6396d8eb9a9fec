import { useId } from 'react'
import { SPEEDS, readAloud, useReadAloud, type Speed } from '../../lib/readAloud'
import { strings } from '../../strings'
import { Icon } from '../inclusion/Icon'

/** What the bar can read: every idea, and the actions, as ready-made parts (one utterance each). */
export interface ReadAloudBarProps {
  ideaParts: () => string[]
  actionParts: () => string[]
}

/**
 * Read aloud: the whole list of ideas or the actions, with play/pause, stop and speed. Uses the browser's own
 * voices; a browser with none gets one plain sentence instead of buttons that do nothing.
 */
export function ReadAloudBar({ ideaParts, actionParts }: ReadAloudBarProps) {
  const { available, reading, paused, speed } = useReadAloud()
  const ids = { title: useId(), speed: useId() }

  // No voices: one quiet sentence, not a section of buttons that could do nothing.
  if (!available) return <p className="rt-muted rt-small">{strings.readAloud.unavailable}</p>

  return (
    <section className="rt-read-aloud" aria-labelledby={ids.title}>
      <h2 id={ids.title} className="rt-list-subtitle">
        <Icon name="speak" />
        {strings.readAloud.title}
      </h2>
      <div className="rt-button-row">
        <button
          type="button"
          className="rt-button rt-button--secondary"
          onClick={() => readAloud.read(strings.readAloud.allName, ideaParts())}
        >
          <Icon name="speak" />
          {strings.readAloud.all}
        </button>
        <button
          type="button"
          className="rt-button rt-button--secondary"
          onClick={() => readAloud.read(strings.readAloud.actionsName, actionParts())}
        >
          <Icon name="speak" />
          {strings.readAloud.actions}
        </button>
        {reading && (
          <>
            <button
              type="button"
              className="rt-button rt-button--secondary"
              onClick={() => (paused ? readAloud.resume() : readAloud.pause())}
            >
              <Icon name={paused ? 'play' : 'pause'} />
              {paused ? strings.readAloud.resume : strings.readAloud.pause}
            </button>
            <button type="button" className="rt-button rt-button--secondary" onClick={() => readAloud.stop()}>
              <Icon name="stop" />
              {strings.readAloud.stop}
            </button>
          </>
        )}
      </div>
      <div className="rt-inline-form">
        <label className="rt-label" htmlFor={ids.speed}>
          {strings.readAloud.speed}
        </label>
        <select
          id={ids.speed}
          className="rt-input rt-input--auto"
          value={speed}
          onChange={(event) => readAloud.setSpeed(Number(event.target.value) as Speed)}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {strings.readAloud.speedName(s)}
            </option>
          ))}
        </select>
      </div>
      {/* Not a live region: a screen reader would talk over the voice reading aloud. */}
      <p className="rt-muted rt-small">
        {reading ? (paused ? strings.readAloud.pausedAt(reading) : strings.readAloud.reading(reading)) : ''}
      </p>
    </section>
  )
}
