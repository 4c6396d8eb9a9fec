import type { Room, RoomManager } from '@roundtable/sync'

/**
 * Reads something from a board's room; when it is not there and other servers share the board, catches up from
 * storage once and reads again. A request can reach this server just after another server stored a change (say,
 * created the action being agreed with) but before the bus has delivered it here. Resolves to null when the board
 * does not exist.
 */
export async function readFresh<T>(
  rooms: RoomManager,
  boardId: string,
  read: (room: Room) => T,
  found: (value: T) => boolean,
): Promise<T | null> {
  return rooms.withRoom(boardId, async (room) => {
    const first = read(room)
    if (found(first) || !room.shared) return first
    await room.resync()
    return read(room)
  })
}
