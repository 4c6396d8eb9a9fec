export { RECORDS_KEY, META_KEY, PROPS_KEY, TEXT_PROPS, getRecordsMap, getMetaMap } from './layout'
export type { YRecord } from './layout'
export {
  DOCUMENT_TYPE_NAMES,
  isDocumentRecord,
  putRecord,
  patchRecord,
  deleteRecord,
  readRecord,
  readAllRecords,
  yRecordToJson,
  jsonEqual,
} from './records'
export type { BoardRecord } from './records'
export { plainToRichText, richTextToPlain } from './richText'
export type { RichTextNode } from './richText'
export { applyTextChange, applyTextEdit } from './textDiff'
export { newBoardId, isBoardId, newRecordId } from './ids'
export { DOCUMENT_RECORD_ID, MAX_TITLE, initBoardDoc, newPageRecord, getBoardTitle, setBoardTitle } from './board'
export type { NewBoardOptions } from './board'
export {
  IDEA_COLOURS,
  MAX_IDEA_TEXT,
  AUTHOR_META_KEYS,
  NOTE_SIZE,
  isIdeaRecord,
  isFirstPageLocked,
  listPages,
  listIdeas,
  getIdea,
  ideaTextsById,
  addIdea,
  updateIdea,
  findFreeSpot,
  compareIndex,
} from './ideas'
export type { Idea, IdeaColour, NewIdea } from './ideas'
export {
  CloseEvents,
  CloseCodes,
  CloseReasons,
  closeCodeName,
  closeReason,
  reasonCode,
  isFatalCloseCode,
} from './closeCodes'
export type { CloseCodeName, CloseEvent } from './closeCodes'
export { Errors, ChangeRefusals, changeRefusal, readErrorBody, refusalCode } from './errors'
export type { ApiErrorDef, ChangeRefusalCode, ErrorBody, ErrorCode, ErrorName } from './errors'
export { ROLES, canEdit, canFacilitate, canVote, isRole } from './roles'
export type { Role } from './roles'
export {
  SESSION_KEY,
  LEDGER_KEY,
  CLIENT_WRITABLE_ROOTS,
  DEFAULT_SETTINGS,
  IDLE_TIMER,
  DEFAULT_SCREEN,
  ACTION_STATUSES,
  getSessionMap,
  getLedgerMap,
  readSettings,
  readTimer,
  readSummon,
  readScreen,
  readRounds,
  readOpenRound,
  readActionStates,
  readActionState,
  writeSession,
  writeRound,
  writeActionState,
  deleteActionState,
  rankTallies,
} from './session'
export type {
  SessionSettings,
  TimerState,
  SummonState,
  ScreenState,
  PublishedRound,
  ActionStatus,
  ActionOutcome,
  PublishedActionState,
  RankedIdea,
} from './session'
export {
  ACTIONS_KEY,
  MAX_ACTION_TEXT,
  NO_ACTION_STATE,
  MAX_OWNER_NAME,
  getActionsMap,
  isIsoDate,
  addAction,
  updateAction,
  deleteAction,
  listActions,
  getAction,
  isActionAgreed,
  agreedActionWriteRefusal,
  AGREED_ACTION_REFUSAL,
} from './actions'
export type { Action, NewAction } from './actions'
export {
  SERIES_KEY,
  MAX_SERIES_SESSIONS,
  MAX_SERIES_NAME,
  MAX_OUTCOME_NOTE,
  MAX_CARRIED_ACTIONS,
  MAX_SERIES_ACTIONS,
  MAX_LISTED_PEOPLE,
  clipAction,
  carriesInto,
  toCarried,
  readSeriesInfo,
  readCarriedActions,
  readCarriedAction,
  writeSeriesMirror,
} from './series'
export type { SeriesInfo, CarriedFrom, CarriedAction } from './series'
export { PLAIN_WORDS, findJargon, acceptSuggestion } from './plainWords'
export type { PlainWordEntry, JargonMatch } from './plainWords'
export { buildSummary, resultsVisible } from './export/summary'
export type {
  SessionSummary,
  SummaryOptions,
  SummaryBoardFacts,
  SummaryBoard,
  SummaryCluster,
  SummaryIdea,
  SummaryRound,
  SummaryResult,
  SummaryAction,
} from './export/summary'
export { SUMMARY_SCHEMA } from './export/summarySchema'
export { CSV_HEADER, actionsToCsv, neutraliseCell } from './export/csv'
export {
  SERIES_CSV_HEADER,
  buildSeriesSummary,
  seriesToCsv,
  seriesToMarkdown,
  seriesToIcs,
} from './export/series'
export type { SeriesSummary, SeriesSessionSummary, SeriesAction, SeriesEvidence } from './export/series'
export { actionsToIcs, actionEventUid } from './export/ics'
export { summaryToMarkdown } from './export/markdown'
export { EXPORT_FORMATS, isExportFormat, renderExport, exportFileNames, attachmentDisposition } from './export/formats'
export type { ExportFormat, ExportFile } from './export/formats'
export { STATUS_LABELS, STATUS_HEADINGS, STATUS_ORDER, dateInWords } from './export/words'
export {
  RATHER_NOT_SAY,
  DEFAULT_EVIDENCE,
  DEFAULT_EVIDENCE_GROUPS,
  DEFAULT_EVIDENCE_THRESHOLD,
  MAX_EVIDENCE_GROUPS,
  MAX_GROUP_LABEL,
  MIN_EVIDENCE_THRESHOLD,
  MAX_EVIDENCE_THRESHOLD,
  aggregateEvidence,
  cleanEvidenceGroups,
} from './evidence'
export type {
  EvidenceSettings,
  EvidenceFacts,
  EvidenceBoard,
  EvidenceFigures,
  EvidenceGroup,
  EvidenceOthers,
  SummaryEvidence,
} from './evidence'
export { restoreBoard } from './restore'
export {
  MAX_JSON_DEPTH,
  MAX_JSON_STRING,
  MAX_JSON_NUMBER,
  MAX_COORDINATE,
  MIN_TIME,
  MAX_TIME,
  META_KEYS,
  checkJson,
  safeJson,
  isStoredTime,
  isClientTime,
  isoTime,
  isActionId,
  isRecordRef,
  checkActionFields,
  checkMetaValue,
} from './validators'
export type { Problem, InvalidSink } from './validators'
export { MAX_SEARCH_CELLS, readSiblings, highestValidIndex, firstFreeCell } from './placement'
export type { Box, Siblings, CellGrid } from './placement'
export {
  INCOMING_FRAME_NAME,
  INCOMING_COLUMNS,
  isIncomingFrame,
  placeIncomingFrame,
  nextIncomingCell,
  incomingFrameSize,
  addIncomingIdea,
  placeInIncoming,
} from './incoming'
export type { IncomingIdea } from './incoming'
export {
  PHOTO_META_VALUE,
  PHOTO_ALT_WAITING,
  PHOTO_ID_META,
  PHOTO_TYPED_UP_META,
  FROM_PHOTO_META,
  isPhotoId,
  photoPath,
  isOnSiteAssetSrc,
  photoShapeSize,
  addIncomingPhoto,
  isPhotoShape,
  listPhotos,
  waitingPhotoCount,
  markTypedUp,
} from './photos'
export type { IncomingPhoto, BoardPhoto } from './photos'
export {
  TEMPLATES,
  TEMPLATE_INTRO,
  isTemplateId,
  templateBoardRecords,
  freeBoardName,
  addTemplateBoard,
} from './templates'
export type { BoardTemplate, TemplateBox, TemplateId } from './templates'
