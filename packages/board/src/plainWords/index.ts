// Plain words on their own entry point (`@roundtable/board/plain-words`), so a page can fetch the word list and
// its matcher only when there is text to check.
export { PLAIN_WORDS } from './wordList'
export type { PlainWordEntry } from './wordList'
export { findJargon, acceptSuggestion } from './findJargon'
export type { JargonMatch } from './findJargon'
