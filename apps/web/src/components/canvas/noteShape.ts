import { getDisplayValues, Group2d, NoteShapeUtil, Rectangle2d, type TLNoteShape } from 'tldraw'

/**
 * tldraw's note with one change: working out its geometry no longer measures its text.
 *
 * tldraw measures a note's label in the page (a layout each, about a millisecond) the first time anything needs the
 * note's geometry — and on opening a board everything does (the hit-test index and culling need every shape's
 * bounds), so a 1,000-idea board spent about a second measuring before anyone could use it. A note's outline never
 * depended on that measurement: its height is `growY`, stored with the note (and kept up to date by tldraw, which
 * still measures the text whenever it changes), and the label is left out of the bounds. So here the label's area
 * is simply the inside of the note, which is also where a click on the text lands.
 */
export class RoundtableNoteShapeUtil extends NoteShapeUtil {
  override getGeometry(shape: TLNoteShape): Group2d {
    const dv = getDisplayValues(this, shape) as { noteWidth: number; noteHeight: number; labelPadding: number }
    const { scale, growY } = shape.props
    const width = dv.noteWidth * scale
    const height = (dv.noteHeight + growY) * scale
    const padding = dv.labelPadding * scale
    return new Group2d({
      children: [
        new Rectangle2d({ width, height, isFilled: true }),
        new Rectangle2d({
          x: padding,
          y: padding,
          width: Math.max(0, width - padding * 2),
          height: Math.max(0, height - padding * 2),
          isFilled: true,
          isLabel: true,
          excludeFromShapeBounds: true,
        }),
      ],
    })
  }
}

/** Shape utils for `<Tldraw shapeUtils>`: tldraw replaces its own note with this one (same type, same props). */
export const ROUNDTABLE_SHAPE_UTILS = [RoundtableNoteShapeUtil]
