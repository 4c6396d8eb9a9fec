/** A box on screen, in CSS pixels. */
export interface ScreenBox {
  left: number
  top: number
  right: number
  bottom: number
}

/** Where a card goes: its top-left corner, and the most it may be tall (it scrolls inside beyond that). */
export interface CardPlace {
  x: number
  y: number
  maxHeight: number
  side: 'below' | 'above' | 'right' | 'left'
}

/** Space kept between the card, the note and the screen's edges. */
const MARGIN = 8

/**
 * Place a card (such as the plain-words card) next to a note without ever covering it: below the note (clear of
 * `belowGap`, where the dot buttons sit) if the whole card fits there, else above, else to the right or left. When it
 * fits nowhere whole, it goes on the side with the most room and scrolls inside (`maxHeight`), so it is never
 * taller than the screen and still leaves the note's words visible. `insetTop`: the top of the screen that is taken by
 * other controls (the card stays below it).
 */
export function placeCard(
  note: ScreenBox,
  card: { width: number; height: number },
  screen: { width: number; height: number },
  belowGap = 36,
  insetTop = 0,
): CardPlace {
  const acrossX = Math.max(MARGIN, Math.min(note.left, screen.width - card.width - MARGIN))
  const top = insetTop + MARGIN
  const fullHeight = screen.height - MARGIN - top
  const sideY = (height: number) => Math.max(top, Math.min(note.top, screen.height - MARGIN - height))
  const belowY = note.bottom + belowGap
  const candidates: { place: (height: number) => CardPlace; room: number }[] = [
    { room: screen.height - MARGIN - belowY, place: (h) => ({ x: acrossX, y: belowY, maxHeight: h, side: 'below' }) },
    {
      room: note.top - MARGIN - top,
      place: (h) => ({ x: acrossX, y: note.top - MARGIN - h, maxHeight: h, side: 'above' }),
    },
  ]
  if (note.right + MARGIN + card.width <= screen.width - MARGIN) {
    candidates.push({
      room: fullHeight,
      place: (h) => ({ x: note.right + MARGIN, y: sideY(h), maxHeight: h, side: 'right' }),
    })
  }
  if (note.left - MARGIN - card.width >= MARGIN) {
    candidates.push({
      room: fullHeight,
      place: (h) => ({ x: note.left - MARGIN - card.width, y: sideY(h), maxHeight: h, side: 'left' }),
    })
  }
  const whole = candidates.find((c) => c.room >= card.height)
  if (whole) return whole.place(card.height)
  const roomiest = candidates.reduce((best, c) => (c.room > best.room ? c : best))
  return roomiest.place(Math.max(0, roomiest.room))
}
