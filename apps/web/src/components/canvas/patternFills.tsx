import { useEffect, useState, type ComponentType } from 'react'
import { ArrowShapeUtil, DrawShapeUtil, GeoShapeUtil, type TLShapeUtilCanvasSvgDef } from 'tldraw'

/**
 * tldraw's shapes that can be filled with its hatched pattern (geo, draw, arrow), with the pattern's pictures
 * painted once the page is idle instead of while the board opens.
 *
 * The pattern's definition (the same one for the three kinds) paints a picture per zoom level and theme on mounting
 * (sixteen canvases, the largest 1024 px square, then encoded as PNG), in the same turn as the editor mounting a
 * board's shapes, so a first open waited for them before a click on an idea could be answered. Ideas are notes,
 * which never use the pattern. Until the page is idle (at most `PATTERN_WAIT_MS` later) a hatched shape shows no
 * fill; pictures of the board (PNG, SVG) use tldraw's own export definition and are not affected.
 */

/** The longest the pattern's pictures wait for an idle moment after the editor mounts, ms. */
export const PATTERN_WAIT_MS = 2000

const deferred = new WeakMap<ComponentType, ComponentType>()

/** The same definitions, each mounted only once the page is idle (same key, so tldraw still draws each once). */
export function whenIdle(defs: TLShapeUtilCanvasSvgDef[]): TLShapeUtilCanvasSvgDef[] {
  return defs.map(({ key, component }) => {
    let wrapped = deferred.get(component)
    if (!wrapped) {
      const Definition = component
      wrapped = function DefinitionWhenIdle() {
        return useIdle() ? <Definition /> : null
      }
      deferred.set(component, wrapped)
    }
    return { key, component: wrapped }
  })
}

/** False until the browser has an idle moment after mounting (or `PATTERN_WAIT_MS` passed), then true. */
function useIdle(): boolean {
  const [idle, setIdle] = useState(false)
  useEffect(() => {
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(() => setIdle(true), PATTERN_WAIT_MS / 2)
      return () => clearTimeout(timer)
    }
    const handle = requestIdleCallback(() => setIdle(true), { timeout: PATTERN_WAIT_MS })
    return () => cancelIdleCallback(handle)
  }, [])
  return idle
}

/** tldraw's geo shape (rectangles, ellipses…), its hatched fill painted when idle. */
export class RoundtableGeoShapeUtil extends GeoShapeUtil {
  override getCanvasSvgDefs(): TLShapeUtilCanvasSvgDef[] {
    return whenIdle(super.getCanvasSvgDefs())
  }
}

/** tldraw's freehand drawing, its hatched fill painted when idle. */
export class RoundtableDrawShapeUtil extends DrawShapeUtil {
  override getCanvasSvgDefs(): TLShapeUtilCanvasSvgDef[] {
    return whenIdle(super.getCanvasSvgDefs())
  }
}

/** tldraw's arrow, its hatched fill painted when idle. */
export class RoundtableArrowShapeUtil extends ArrowShapeUtil {
  override getCanvasSvgDefs(): TLShapeUtilCanvasSvgDef[] {
    return whenIdle(super.getCanvasSvgDefs())
  }
}
