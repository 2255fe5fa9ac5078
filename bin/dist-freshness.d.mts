/** The dist/ entry to run instead of the TypeScript sources, or undefined when the build is missing or stale. */
export function freshDistEntry(rootUrl: URL, entry: string): URL | undefined;
