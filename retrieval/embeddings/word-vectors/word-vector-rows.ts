/**
 * The word vectors' int8 values, one row of `dimension` bytes per word: all in memory, or read from the
 * compact file a row at a time on first use. A process that embeds one query (a cold `copilot search`)
 * needs a handful of the 200,000 rows; reading the whole 20 MB block cost it about 0.1 s of CPU
 * (copying and page faults, docs/benchmarks.md "Session 10") while the embedded database was starting
 * on the other core. A process that needs many rows (an ingest, the neighbour search) reads the whole
 * block once instead.
 */
import { closeSync, readSync } from 'node:fs';

export interface WordVectorRows {
  /** The word's values (`dimension` bytes; do not modify). */
  row(rank: number): Int8Array;
  /** Every word's values in rank order (the whole block). */
  all(): Int8Array;
}

/** Rows of a block already in memory. */
export function rowsInMemory(values: Int8Array, dimension: number): WordVectorRows {
  return {
    row: (rank) => values.subarray(rank * dimension, (rank + 1) * dimension),
    all: () => values,
  };
}

/** Rows read one at a time before this many distinct rows have been asked for; the whole block after. */
export const ROWS_BEFORE_WHOLE_BLOCK = 4096;

/**
 * Rows of a file opened once: the descriptor stays open until the whole block is read (the compact file
 * is replaced atomically, so an open descriptor keeps reading the file the index came from).
 */
export class RowsFromFile implements WordVectorRows {
  private readonly read = new Map<number, Int8Array>();
  private block: Int8Array | undefined;

  constructor(
    private fd: number | undefined,
    /** Where the values start in the file. */
    private readonly start: number,
    private readonly dimension: number,
    private readonly count: number,
  ) {}

  row(rank: number): Int8Array {
    if (this.block) return this.block.subarray(rank * this.dimension, (rank + 1) * this.dimension);
    const known = this.read.get(rank);
    if (known) return known;
    if (this.read.size >= ROWS_BEFORE_WHOLE_BLOCK) return this.all().subarray(rank * this.dimension, (rank + 1) * this.dimension);
    const row = new Int8Array(this.dimension);
    this.readAt(row, this.start + rank * this.dimension);
    this.read.set(rank, row);
    return row;
  }

  all(): Int8Array {
    if (!this.block) {
      const block = new Int8Array(this.count * this.dimension);
      this.readAt(block, this.start);
      this.block = block;
      this.read.clear();
      closeSync(this.fd!);
      this.fd = undefined;
    }
    return this.block;
  }

  private readAt(into: Int8Array, position: number): void {
    let done = 0;
    while (done < into.byteLength) {
      const bytes = readSync(this.fd!, into, done, into.byteLength - done, position + done);
      if (bytes === 0) throw new Error(`word-vector file ends at ${position + done}, expected ${position + into.byteLength} bytes`);
      done += bytes;
    }
  }
}
