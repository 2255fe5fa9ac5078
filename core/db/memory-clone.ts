/**
 * What an in-memory clone of a dumped data directory needs beyond PGlite's defaults (tests clone the
 * migrated template once or more per file, eval cases clone their fixture once each: hundreds of clones
 * a run). Measured per clone of the 45 MB test template (docs/operations.md, "How long CI takes"):
 * - Node's Blob.arrayBuffer() copies a blob out in small chunks, about 0.4 s of CPU for the template on
 *   every clone; the dump's bytes are now read out once per dump and handed to PGlite as they are
 *   (PGlite copies each file into its in-memory file system, so the shared bytes are never written).
 *   Bytes already at hand (a dump read from a file, or sent to a worker) are wrapped with `dumpOfBytes`
 *   instead of a new Blob: copying them into a Blob and out again cost 0.55 s of CPU per process.
 * - PostgreSQL fills each new WAL segment with 16 MB of zeros before use (`wal_init_zero`), which in
 *   PGlite's in-memory file system grows the file write by write: nothing to preallocate in memory.
 */
const bytesOf = new WeakMap<Blob, Promise<ArrayBuffer>>();

/** A blob that hands out bytes read once, instead of copying them again on every read. */
class ReadOnceBlob extends Blob {
  readonly #contents: ArrayBuffer;

  constructor(contents: ArrayBuffer) {
    super();
    this.#contents = contents;
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#contents);
  }
}

/**
 * A dump whose bytes are already in memory, as a Blob PGlite (and `cloneSource`) read without copying:
 * `new Blob([bytes])` copies them in, and reading them back out copies them again in small chunks.
 * The bytes must not change afterwards.
 */
export function dumpOfBytes(bytes: ArrayBuffer): Blob {
  const dump = new ReadOnceBlob(bytes);
  bytesOf.set(dump, Promise.resolve(bytes));
  return dump;
}

/** The dump as PGlite's `loadDataDir`, its bytes read out of the blob once however often it is cloned. */
export async function cloneSource(dump: Blob): Promise<Blob> {
  let bytes = bytesOf.get(dump);
  if (!bytes) {
    bytes = dump.arrayBuffer();
    bytesOf.set(dump, bytes);
  }
  return new ReadOnceBlob(await bytes);
}

/** Server settings (`name=value`) every in-memory database starts with. */
export const IN_MEMORY_SETTINGS: readonly string[] = ['wal_init_zero=off'];
