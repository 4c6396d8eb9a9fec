import { listPhotos, RECORDS_KEY, type BoardPhoto } from '@roundtable/board'
import type * as Y from 'yjs'
import { useDocValue } from '../../sync/docHooks'

const ROOTS = [RECORDS_KEY] as const

/** The photos on the board, live: waiting ones first, each kind in the order they came. */
export function usePhotos(doc: Y.Doc): BoardPhoto[] {
  return useDocValue(doc, ROOTS, readPhotos)
}

function readPhotos(doc: Y.Doc): BoardPhoto[] {
  const photos = listPhotos(doc)
  return [...photos.filter((p) => p.typedUp === 0), ...photos.filter((p) => p.typedUp > 0)]
}
