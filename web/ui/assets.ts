/**
 * The UI's static files (CSS and small vanilla scripts, no build step), read once and served from
 * memory under /assets/. URLs carry a content hash so browsers may cache them for long.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

const ASSET_DIR = fileURLToPath(new URL('./assets/', import.meta.url));
const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface Asset {
  body: string;
  contentType: string;
  hash: string;
}

let assets: Map<string, Asset> | undefined;

function loadAssets(): Map<string, Asset> {
  if (assets) return assets;
  assets = new Map();
  for (const name of readdirSync(ASSET_DIR)) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (!contentType) continue;
    const body = readFileSync(join(ASSET_DIR, name), 'utf8');
    assets.set(name, { body, contentType, hash: createHash('sha256').update(body).digest('hex').slice(0, 12) });
  }
  return assets;
}

/** `/assets/<name>?v=<hash>`; throws for an unknown asset so a typo fails loudly in tests. */
export function assetUrl(name: string): string {
  const asset = loadAssets().get(name);
  if (!asset) throw new Error(`unknown UI asset ${name}`);
  return `/assets/${name}?v=${asset.hash}`;
}

export function registerAssets(app: Hono<AppEnv>): void {
  app.get('/assets/:name', (c) => {
    const asset = loadAssets().get(c.req.param('name'));
    if (!asset) return c.json({ error: { code: 'not_found', message: 'no such asset' } }, 404);
    c.header('Content-Type', asset.contentType);
    c.header('Cache-Control', c.req.query('v') === asset.hash ? 'public, max-age=31536000, immutable' : 'no-cache');
    return c.body(asset.body);
  });
}
