// Whether dist/ (scripts/build.mjs) can run instead of the TypeScript sources: it exists and no source it
// was built from changed since (a developer editing sources never runs a stale build). About 450 stat
// calls, a few milliseconds.
import { readFileSync, statSync } from 'node:fs';

/** @param {URL} rootUrl the repository root (ends with a slash) */
export function freshDistEntry(rootUrl, entry) {
  if (process.env.COPILOT_FROM_SOURCE === '1') return undefined;
  try {
    const manifest = JSON.parse(readFileSync(new URL('dist/build-manifest.json', rootUrl), 'utf8'));
    for (const input of manifest.inputs) {
      if (statSync(new URL(input, rootUrl)).mtimeMs > manifest.builtAt) return undefined;
    }
    return new URL(`dist/${entry}`, rootUrl);
  } catch {
    return undefined; // no build, or a source it read is gone
  }
}
