import { relative } from 'node:path';

/** A suite path as reports and baselines record it: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const relativePath = relative(process.cwd(), path);
  return relativePath && !relativePath.startsWith('..') ? relativePath : path;
}
