export { Room, isRemoteOrigin } from './room'
export type { CompactionPolicy, RoomOptions, VersionPolicy } from './room'
export { MemoryBusHub } from './bus'
export type { BusMessage, BusSubscription, RoomBus } from './bus'
export { RoomManager } from './rooms'
export type { RoomManagerOptions } from './rooms'
export type { Connection, SyncSocket } from './socket'
export type { SyncLogger } from './log'
export { silentLogger } from './log'
export {
  MessageType,
  SyncStep,
  ProtocolError,
  decodeMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  encodeAwareness,
} from './protocol'
export type { InboundMessage } from './protocol'
export { checkClientUpdate } from './guard'
export type { WriteRules, GuardResult, GuardOptions, Touched, Path } from './guard'
export { checkValues, validateRecord, INVALID } from './values'
export { TokenBucket, DEFAULT_ROOM_LIMITS, DEFAULT_UPDATE_LIMITS } from './limits'
export type { RoomLimits, UpdateLimits } from './limits'
