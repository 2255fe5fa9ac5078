export { RECORD_KINDS, codeKey, findRecords, foldAccents, nameWords, withinOneEdit, wordsLooselyMatch } from './find-records.ts';
export type { MatchKind, RecordKind, RecordMatch, TermMatches } from './find-records.ts';
