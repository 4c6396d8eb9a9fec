import { getDisplayValues, Group2d, NoteShapeUtil, Rectangle2d, track, useValue, type TLNoteShape } from 'tldraw'
import { RoundtableArrowShapeUtil, RoundtableDrawShapeUtil, RoundtableGeoShapeUtil } from './patternFills'

/**
 * tldraw's note with two changes: working out its geometry no longer measures its text, and a note outside the
 * viewport is not drawn at all.
 *
 * tldraw measures a note's label in the page (a layout each, about a millisecond) the first time anything needs the
 * note's geometry — and on opening a board everything does (the hit-test index and culling need every shape's
 * bounds), so a 1,000-idea board spent about a second measuring before anyone could use it. A note's outline never
 * depended on that measurement: its height is `growY`, stored with the note (and kept up to date by tldraw, which
 * still measures the text whenever it changes), and the label is left out of the bounds. So here the label's area
 * is simply the inside of the note, which is also where a click on the text lands.
 *
 * Drawing: tldraw keeps every shape mounted and only hides the ones outside the viewport ("culled"), so opening a
 * 1,000-idea board turned every note's text into HTML (about 0.4 s, plus the garbage it left). A culled note is
 * hidden anyway, so here it draws nothing until it comes into view (or is selected or edited, which tldraw never
 * culls). Pictures of the board (PNG, SVG) do not use this and always show every note.
 */
export class RoundtableNoteShapeUtil extends NoteShapeUtil {
  override component(shape: TLNoteShape) {
    return <NoteWhenInView util={this} shape={shape} />
  }

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

/** The note as tldraw draws it, kept reactive to the editor's state like any shape component. */
const FullNote = track(function FullNote({ util, shape }: { util: RoundtableNoteShapeUtil; shape: TLNoteShape }) {
  return NoteShapeUtil.prototype.component.call(util, shape)
})

function NoteWhenInView({ util, shape }: { util: RoundtableNoteShapeUtil; shape: TLNoteShape }) {
  const culled = useValue('note culled', () => util.editor.getCulledShapes().has(shape.id), [util, shape.id])
  return culled ? null : <FullNote util={util} shape={shape} />
}

/**
 * Shape utils for `<Tldraw shapeUtils>`: tldraw replaces its own note, geo, draw and arrow utils with these (same
 * types, same props); see patternFills.tsx for the last three.
 */
export const ROUNDTABLE_SHAPE_UTILS = [
  RoundtableNoteShapeUtil,
  RoundtableGeoShapeUtil,
  RoundtableDrawShapeUtil,
  RoundtableArrowShapeUtil,
]
