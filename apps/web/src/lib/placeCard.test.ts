import { describe, expect, it } from 'vitest'
import { placeCard, type ScreenBox } from './placeCard'

const screen = { width: 1280, height: 800 }
const overlaps = (a: ScreenBox, b: ScreenBox) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom

describe('placeCard', () => {
  it('goes below the note when the whole card fits there', () => {
    const note = { left: 100, top: 100, right: 300, bottom: 300 }
    expect(placeCard(note, { width: 352, height: 200 }, screen)).toMatchObject({
      side: 'below',
      y: 336,
      maxHeight: 200,
    })
  })

  it('never covers a note near the bottom of the screen, however tall the card (easy read)', () => {
    const note = { left: 500, top: 560, right: 700, bottom: 760 }
    for (const height of [150, 300, 540, 900]) {
      const place = placeCard(note, { width: 440, height }, screen)
      const card = { left: place.x, top: place.y, right: place.x + 440, bottom: place.y + place.maxHeight }
      expect(overlaps(card, note), `card of ${height}px`).toBe(false)
      expect(card.top).toBeGreaterThanOrEqual(0)
      expect(card.bottom).toBeLessThanOrEqual(screen.height)
    }
  })

  it('goes beside a tall note that leaves no room above or below', () => {
    const note = { left: 100, top: 50, right: 400, bottom: 750 }
    const place = placeCard(note, { width: 352, height: 300 }, screen)
    expect(place.side).toBe('right')
    expect(place.x).toBeGreaterThanOrEqual(400)
  })

  it('stays below controls along the top of the screen', () => {
    const note = { left: 300, top: 520, right: 500, bottom: 720 }
    const place = placeCard(note, { width: 440, height: 900 }, { width: 790, height: 800 }, 36, 125)
    expect(place.side).toBe('above')
    expect(place.y).toBeGreaterThanOrEqual(133)
    expect(place.y + place.maxHeight).toBeLessThanOrEqual(512)
  })
})
