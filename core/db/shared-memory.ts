/**
 * How much shared memory an embedded PostgreSQL (PGlite) sets up at start. `standard` is PGlite's own
 * (128 MB of buffer pool, 100 connection slots: 145 MB in all), right for a server that runs for hours.
 * `brief` is for a database that lives briefly and holds little: a test file's clone of the migrated
 * template, an eval case's clone of its fixture. WebAssembly's `mmap` zeroes the whole segment on every start: at
 * 145 MB that was 2.7 s of a 5.7 s start (CPU profile, docs/benchmarks.md "CLI start"); 16 MB of
 * buffers and 8 slots make it ~20 MB. The settings apply to one start only: nothing on disk changes.
 * `command` is for a CLI command that opens the data directory, reads or writes a few pages and exits
 * (`copilot search`, the administrative commands): a 2 MB buffer pool, ~6 MB in all. The first touch of
 * each fresh page of WebAssembly memory is a page fault, about 16 µs a page on this project's machine
 * (92 ms for 22 MB, 1.2 ms to write the same bytes again), and a cold search's database thread is the
 * path its wall time waits on: PostgreSQL's start took 209 instead of 342 ms of CPU (medians) at 2 MB
 * (docs/benchmarks.md, "CLI start"). Test and eval clones keep `brief`: they seed and write hundreds of
 * pages, which a 2 MB pool would evict and write back.
 */
export type SharedMemoryProfile = 'standard' | 'brief' | 'command';

const SETTINGS: Readonly<Record<SharedMemoryProfile, readonly string[]>> = {
  standard: [],
  brief: ['shared_buffers=16MB', 'max_connections=8'],
  command: ['shared_buffers=2MB', 'max_connections=8'],
};

/** The server settings (`name=value`, passed as `-c`) a profile adds to PGlite's defaults. */
export function sharedMemorySettings(profile: SharedMemoryProfile = 'standard'): readonly string[] {
  return SETTINGS[profile];
}

/** PGlite start parameters for a profile: its defaults plus the profile's `-c` settings, or undefined for PGlite's own. */
export function startParamsFor(defaults: readonly string[], profile: SharedMemoryProfile = 'standard'): string[] | undefined {
  const settings = sharedMemorySettings(profile);
  return settings.length > 0 ? [...defaults, ...settings.flatMap((setting) => ['-c', setting])] : undefined;
}
