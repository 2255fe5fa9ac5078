export { RECORD_KINDS, codeKey, findRecords, nameWords, withinOneEdit } from './find-records.ts';
export type { MatchKind, RecordKind, RecordMatch, TermMatches } from './find-records.ts';
