export type { BoardRow, BoardStore, NewBoard, Storage, StoredDoc, VersionInfo } from './types'
export type {
  AccessSession,
  BoardKeys,
  ContributionFacts,
  EvidenceStore,
  DotOutcome,
  LedgerStore,
  RoundRow,
  RoundTotals,
  SeriesRow,
  SeriesSession,
  SeriesStore,
  Stance,
  StanceRow,
  StoredRole,
} from './ledgerTypes'
export type { AddPhotoResult, NewPhoto, PhotoLimits, PhotoStore, StoredPhoto } from './photoTypes'
export { fitsPhotoBudget } from './photoTypes'
export { openSqliteStore } from './sqlite'
export { sqliteContributions } from './sqliteEvidence'
export type { SqliteOptions } from './sqlite'
export type { CheckpointEvent } from './sqliteCheckpoint'
export { openPostgresStore } from './postgres'
export type { PostgresOptions, PostgresStore } from './postgres'
