/**
 * How much shared memory an embedded PostgreSQL (PGlite) sets up at start. `standard` is PGlite's own
 * (128 MB of buffer pool, 100 connection slots: 145 MB in all), right for a server that runs for hours.
 * `brief` is for a database that lives briefly and holds little: a CLI command that opens the data
 * directory, reads and closes it (`copilot search`), a test file's clone of the migrated template, an
 * eval case's clone of its fixture. WebAssembly's `mmap` zeroes the whole segment on every start: at
 * 145 MB that was 2.7 s of a 5.7 s start (CPU profile, docs/benchmarks.md "CLI start"); 16 MB of
 * buffers and 8 slots make it ~20 MB. The settings apply to one start only: nothing on disk changes.
 */
export type SharedMemoryProfile = 'standard' | 'brief';

const BRIEF_SETTINGS: readonly string[] = ['shared_buffers=16MB', 'max_connections=8'];

/** The server settings (`name=value`, passed as `-c`) a profile adds to PGlite's defaults. */
export function sharedMemorySettings(profile: SharedMemoryProfile = 'standard'): readonly string[] {
  return profile === 'brief' ? BRIEF_SETTINGS : [];
}

/** PGlite start parameters for a profile: its defaults plus the profile's `-c` settings, or undefined for PGlite's own. */
export function startParamsFor(defaults: readonly string[], profile: SharedMemoryProfile = 'standard'): string[] | undefined {
  const settings = sharedMemorySettings(profile);
  return settings.length > 0 ? [...defaults, ...settings.flatMap((setting) => ['-c', setting])] : undefined;
}
