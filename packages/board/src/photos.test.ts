import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addIncomingIdea, initBoardDoc, listIdeas, readRecord } from './index'
import {
  addIncomingPhoto,
  isOnSiteAssetSrc,
  listPhotos,
  markTypedUp,
  PHOTO_ALT_WAITING,
  photoShapeSize,
  waitingPhotoCount,
} from './photos'

function newBoard() {
  const doc = new Y.Doc()
  initBoardDoc(doc, { title: 'Test', createdAt: 1 })
  return doc
}

const photo = (photoId: string) => ({ boardId: 'B0ard1d0000', photoId, width: 1600, height: 1200, bytes: 300_000 })

describe('photos on the board', () => {
  it('puts a photo in the next free cell of "Incoming ideas", beside ideas from phones, fitted into a note’s square', () => {
    const doc = newBoard()
    const { frameId } = addIncomingIdea(doc, { text: 'Ramp' })
    const { shapeId, assetId } = addIncomingPhoto(doc, photo('Ph0t0Id000000001'))
    const shape = readRecord(doc, shapeId)!
    expect(shape.parentId).toBe(frameId)
    expect(shape.props).toMatchObject({ w: 200, h: 150, assetId, altText: PHOTO_ALT_WAITING })
    expect(readRecord(doc, assetId)!.props).toMatchObject({
      src: '/api/boards/B0ard1d0000/photos/Ph0t0Id000000001',
      w: 1600,
      h: 1200,
      mimeType: 'image/jpeg',
    })
    // The second cell of the first row, not on top of the idea.
    const idea = readRecord(doc, listIdeas(doc)[0]!.id)!
    expect(shape.x).toBeGreaterThan((idea.x as number) + 150)
    expect(listPhotos(doc)).toEqual([
      expect.objectContaining({ shapeId, photoId: 'Ph0t0Id000000001', typedUp: 0, author: null }),
    ])
  })

  it('counts photos waiting, and what was typed up from each, with the words a screen reader hears', () => {
    const doc = newBoard()
    const a = addIncomingPhoto(doc, photo('Ph0t0Id00000000a'))
    addIncomingPhoto(doc, photo('Ph0t0Id00000000b'))
    expect(waitingPhotoCount(listPhotos(doc))).toBe(2)
    doc.transact(() => markTypedUp(doc, a.shapeId, 2, (n) => `typed up as ${n}`))
    doc.transact(() => markTypedUp(doc, a.shapeId, 1, (n) => `typed up as ${n}`))
    expect(waitingPhotoCount(listPhotos(doc))).toBe(1)
    expect(listPhotos(doc).find((p) => p.shapeId === a.shapeId)?.typedUp).toBe(3)
    expect((readRecord(doc, a.shapeId)!.props as { altText: string }).altText).toBe('typed up as 3')
  })

  it('lists no photo whose asset points off this site', () => {
    const doc = newBoard()
    const { assetId } = addIncomingPhoto(doc, photo('Ph0t0Id00000000c'))
    const asset = readRecord(doc, assetId)!
    const props = (doc.getMap('records').get(assetId) as Y.Map<unknown>).get('props') as Y.Map<unknown>
    props.set('src', 'https://elsewhere.example/x.jpg')
    expect(asset.id).toBe(assetId)
    expect(listPhotos(doc)).toEqual([])
  })

  it('tells addresses on this site from the rest', () => {
    for (const ok of [null, '', '/api/boards/B0ard1d0000/photos/Ph0t0Id000000001', 'data:image/png;base64,iVBOR'])
      expect(isOnSiteAssetSrc(ok)).toBe(true)
    for (const bad of [
      'https://elsewhere.example/a.png',
      '//elsewhere.example/a.png',
      '/api/boards/B0ard1d0000/photos/Ph0t0Id000000001?x=1',
      '/api/boards/B0ard1d0000/export',
      'javascript:alert(1)',
      'data:image/svg+xml;base64,PHN2Zz4=',
      'asset:abc',
      42,
    ])
      expect(isOnSiteAssetSrc(bad)).toBe(false)
    expect(photoShapeSize(1200, 1600)).toEqual({ w: 150, h: 200 })
  })
})
