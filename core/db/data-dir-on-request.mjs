// PGlite's Node file system (its own NodeFS mounts the real data directory into PostgreSQL's file
// system), with the directory given later: PGlite.create() can then run everything that does not
// depend on the directory — compiling and instantiating PostgreSQL's WebAssembly, unpacking its share/
// files — before anyone knows which directory to open, and waits at the first point where it needs one.
// That point is the file system's initialSyncFs(), which PGlite awaits after the module is up and before
// it looks at PGDATA (PG_VERSION, initdb, then PostgreSQL's start). pglite-thread.mjs uses it so that a
// thread started early (bin/prestart-database-thread.mjs) is as far along as it can be without the
// directory, which it may only touch once the main thread holds the directory's lock.
import { mkdirSync } from 'node:fs';

export class DataDirOnRequest {
  #directory;
  #onNeeded;
  #pg;

  /**
   * @param {Promise<string>} directory the data directory, once known (a rejection fails PGlite's start)
   * @param {() => void} [onNeeded] called when PGlite reaches the point where it needs the directory
   */
  constructor(directory, onNeeded = () => {}) {
    this.#directory = directory;
    this.#onNeeded = onNeeded;
  }

  async init(pg, emscriptenOpts) {
    this.#pg = pg;
    return { emscriptenOpts };
  }

  /** Mounts the directory at PGDATA the way PGlite's NodeFS does, once it is known. */
  async initialSyncFs() {
    this.#onNeeded();
    const dataDir = await this.#directory;
    mkdirSync(dataDir, { recursive: true });
    const { FS, ENV } = this.#pg.Module;
    FS.mkdirTree(ENV.PGDATA);
    FS.mount(FS.filesystems.NODEFS, { root: dataDir }, ENV.PGDATA);
  }

  /** NODEFS writes through to the directory: nothing to sync (as PGlite's NodeFS). */
  async syncToFs() {}

  async dumpTar() {
    throw new Error('dumping a data directory opened on request is not supported: open it with PGlite directly');
  }

  async closeFs() {
    this.#pg.Module.FS.quit();
  }
}
