import { useEffect } from 'react'
import { useEditor, useValue } from 'tldraw'
import { canVote } from '@roundtable/board'
import { useEasyRead } from '../../lib/easyRead'
import { ideaText, ideasOnPage, shortText } from '../../lib/ideas'
import { useOpenRound } from '../../sync/docHooks'
import { strings } from '../../strings'
import { useMyVotes, useSession, useSessionState } from '../SessionContext'

/** Below this on-screen width, an idea is too small for its dot buttons; it shows only the person's dots. */
const MIN_WIDTH_FOR_BUTTONS = 150
/** Below this, "+ dot" / "− dot" shorten to "+" / "−" (the buttons stay the same size). */
const MIN_WIDTH_FOR_WORDS = 200
/**
 * In easy read the words are bigger and longer ("Take dot back"): below this on-screen width they no longer fit on
 * one line across the idea, so the dots go on top and the two buttons share the idea's width underneath.
 */
const EASY_READ_ONE_LINE = 360
/** Room left on each side so that two ideas side by side never have touching controls. */
const SIDE_MARGIN = 4
/** How long a message about a dot stays on screen. */
const MESSAGE_MS = 6000

interface Placement {
  id: string
  /** Bottom centre of the idea, in screen pixels inside the canvas. The controls sit across that edge, so they
   *  cover as little of the idea's words as possible. */
  x: number
  y: number
  width: number
  label: string
}

/**
 * During an open vote, every idea on the vote's board shows the person's own dots and "+ dot" / "− dot" buttons.
 * Drawn in front of the canvas in screen pixels (tldraw's InFrontOfTheCanvas), so the buttons stay the same
 * comfortable size at any zoom and follow the ideas as people pan and zoom. Never shows anyone else's dots.
 */
export function DotControls() {
  const editor = useEditor()
  const { session, votes } = useSession()
  const { role } = useSessionState(session)
  const round = useOpenRound(session.doc)
  const { mine, message, messageKey } = useMyVotes(votes)
  // Re-rendered when easy read is switched, so the buttons change words and layout at once.
  const easyRead = useEasyRead()
  const voter = role !== null && canVote(role)
  const roundPageId = round?.pageId ?? null

  const placements = useValue('roundtable dot controls', (): Placement[] => {
    if (!roundPageId || editor.getCurrentPageId() !== roundPageId) return []
    const viewport = editor.getViewportPageBounds()
    const zoom = editor.getZoomLevel()
    const editing = editor.getEditingShapeId()
    const out: Placement[] = []
    for (const shape of ideasOnPage(editor, roundPageId)) {
      if (shape.id === editing) continue
      const bounds = editor.getShapePageBounds(shape)
      if (!bounds || !viewport.collides(bounds)) continue
      const bottom = editor.pageToViewport({ x: bounds.midX, y: bounds.maxY })
      const text = ideaText(editor, shape.id) ?? ''
      out.push({
        id: shape.id,
        x: bottom.x,
        y: bottom.y,
        width: bounds.width * zoom,
        label: shortText(text) || strings.vote.emptyIdea,
      })
    }
    return out
  }, [editor, roundPageId])

  useEffect(() => {
    if (!message) return
    const timer = setTimeout(() => votes.clearMessage(messageKey), MESSAGE_MS)
    return () => clearTimeout(timer)
  }, [votes, message, messageKey])

  if (!round || !voter) return null
  const spent = mine !== null && (mine.remaining <= 0 || mine.abstained)
  const tooSmall = placements.some((p) => p.width < MIN_WIDTH_FOR_BUTTONS)

  return (
    <div className="rt-dots-layer">
      {placements.map((p) => {
        const count = mine?.dots[p.id] ?? 0
        const buttons = p.width >= MIN_WIDTH_FOR_BUTTONS
        const stacked = easyRead && p.width < EASY_READ_ONE_LINE
        const words = stacked || p.width >= MIN_WIDTH_FOR_WORDS
        if (!buttons && count === 0) return null
        return (
          <div
            key={p.id}
            className="rt-dots"
            data-compact={words ? undefined : ''}
            data-stacked={stacked ? '' : undefined}
            // Never wider than the idea, so the controls of two ideas side by side cannot overlap.
            style={{
              maxWidth: Math.max(0, Math.floor(p.width - 2 * SIDE_MARGIN)),
              transform: `translate(${Math.round(p.x)}px, ${Math.round(p.y)}px) translate(-50%, -50%)`,
            }}
            // Keys pressed on these buttons are theirs, not tldraw's shortcuts.
            onKeyDown={(event) => event.stopPropagation()}
          >
            {buttons && (
              <button
                type="button"
                className="rt-dots__button"
                aria-label={`${strings.vote.removeDot}: ${strings.vote.removeDotLabel(p.label)}`}
                disabled={count === 0}
                onClick={() => votes.removeDot(p.id)}
              >
                {words ? strings.vote.removeDot : '−'}
              </button>
            )}
            <span
              className="rt-dots__mine"
              role="img"
              aria-label={strings.vote.dotsOnIdea(count)}
              data-empty={count === 0 ? '' : undefined}
            >
              {count === 0 ? null : count <= 5 ? (
                Array.from({ length: count }, (_, i) => <span key={i} className="rt-dot" aria-hidden="true" />)
              ) : (
                <>
                  <span className="rt-dot" aria-hidden="true" />
                  <span className="rt-dots__count" aria-hidden="true">
                    ×{count}
                  </span>
                </>
              )}
            </span>
            {buttons && (
              <button
                type="button"
                className="rt-dots__button rt-dots__button--add"
                // Still pressable when no dots are left: pressing it says why nothing happens.
                data-spent={spent ? '' : undefined}
                aria-label={`${strings.vote.addDot}: ${strings.vote.addDotLabel(p.label)}`}
                onClick={() => votes.addDot(p.id)}
              >
                {words ? strings.vote.addDot : '+'}
              </button>
            )}
          </div>
        )
      })}
      {/* Always present, so screen readers announce each new message. */}
      <p className="rt-canvas-note" role="status" data-empty={message || tooSmall ? undefined : ''}>
        {message ?? (tooSmall ? strings.vote.zoomIn : '')}
      </p>
    </div>
  )
}
