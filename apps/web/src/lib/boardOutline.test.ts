import { describe, expect, it } from 'vitest'
import { buildOutline, placeIdea, type OutlineRecord } from './boardOutline'

const page = (id: string, index: string, name: string): OutlineRecord => ({ id, typeName: 'page', index, name })
const frame = (id: string, parentId: string, x: number, y: number, name: string, w = 460, h = 460): OutlineRecord => ({
  id,
  typeName: 'shape',
  type: 'frame',
  parentId,
  x,
  y,
  index: 'a1',
  props: { name, w, h },
})
const note = (
  id: string,
  parentId: string,
  x: number,
  y: number,
  text: string,
  meta: Record<string, unknown> = {},
): OutlineRecord => ({
  id,
  typeName: 'shape',
  type: 'note',
  parentId,
  x,
  y,
  index: `a${id.length}`,
  text,
  props: { color: 'blue' },
  meta,
})

describe('board outline', () => {
  const records: OutlineRecord[] = [
    page('page:2', 'a2', 'Later'),
    page('page:1', 'a1', 'Board 1'),
    frame('shape:f2', 'page:1', 600, 0, 'Transport'),
    frame('shape:f1', 'page:1', 0, 0, ''),
    note('shape:n1', 'shape:f2', 20, 20, 'Bus on time', { author: 'Sam', authorId: 'u1' }),
    note('shape:n2', 'page:1', 0, 900, 'Quiet room'),
    note('shape:n3', 'page:1', 300, 880, 'Cafe'),
    note('shape:n4', 'page:2', 0, 0, 'Elsewhere'),
    note('shape:n5', 'shape:missing', 0, 0, 'Lost'),
  ]

  it('lists boards in order, groups in reading order, then the ideas in no group', () => {
    const outline = buildOutline(records)
    expect(outline.boards.map((b) => b.name)).toEqual(['Board 1', 'Later'])
    const [first] = outline.boards
    expect(first!.groups.map((g) => [g.id, g.title, g.number])).toEqual([
      ['shape:f1', '', 1],
      ['shape:f2', 'Transport', 2],
      [null, '', 0],
    ])
    expect(first!.groups[1]!.ideas.map((i) => i.text)).toEqual(['Bus on time'])
    // Tops within a row's height read left to right.
    expect(first!.groups[2]!.ideas.map((i) => i.text)).toEqual(['Quiet room', 'Cafe'])
    expect(outline.ideas.get('shape:n1')).toMatchObject({
      author: 'Sam',
      authorId: 'u1',
      colour: 'blue',
      groupId: 'shape:f2',
      pageId: 'page:1',
    })
    // An idea whose parent is missing is not shown anywhere.
    expect(outline.ideas.has('shape:n5')).toBe(false)
  })

  it('places a new idea in the first free spot of a board', () => {
    const spot = placeIdea(records, { pageId: 'page:1', groupId: null })
    expect(spot).toMatchObject({ parentId: 'page:1', x: 1100, y: 0, growFrame: null })
  })

  it('places an idea inside a group, growing the frame when it is full', () => {
    const spot = placeIdea(records, { pageId: 'page:1', groupId: 'shape:f2' })
    expect(spot).toMatchObject({ parentId: 'shape:f2', x: 240, y: 20, growFrame: null })
    const full = [
      ...records,
      note('shape:n6', 'shape:f2', 240, 20, 'x'),
      note('shape:n7', 'shape:f2', 20, 240, 'y'),
      note('shape:n8', 'shape:f2', 240, 240, 'z'),
    ]
    const grown = placeIdea(full, { pageId: 'page:1', groupId: 'shape:f2' })
    expect(grown).toMatchObject({ x: 20, y: 460, growFrame: { id: 'shape:f2', w: 460, h: 680 } })
  })

  it('leaves the idea being moved out of the shapes in its way', () => {
    expect(placeIdea(records, { pageId: 'page:1', groupId: 'shape:f2' }, 'shape:n1')).toMatchObject({ x: 20, y: 20 })
  })
})
