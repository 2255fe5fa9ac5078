/**
 * Source paths are stored relative to the project when the file lives inside it (the bundled corpus),
 * so the index stays valid when the checkout moves; anything else is stored absolute.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

export function toStoredPath(path: string): string {
  const absolute = resolve(path);
  const inside = relative(PROJECT_ROOT, absolute);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside.split(sep).join('/') : absolute;
}

export function fromStoredPath(stored: string): string {
  return isAbsolute(stored) ? stored : resolve(PROJECT_ROOT, stored);
}

/** True when `path` is `root` or inside it (both resolved). */
export function isWithin(path: string, root: string): boolean {
  const inside = relative(resolve(root), resolve(path));
  return inside === '' || (!inside.startsWith('..') && !isAbsolute(inside));
}
