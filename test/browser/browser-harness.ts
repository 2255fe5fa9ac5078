/**
 * Browser e2e harness: starts the app on a free port over a fresh database and drives Debian's
 * Chromium through playwright-core with a throwaway profile. Screenshots go to screenshots/ (git-ignored).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../core/config.ts';
import type { Database } from '../../core/db/database.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { createApp } from '../../web/app.ts';
import { createLogger } from '../../web/logging/logger.ts';
import { startServer, type RunningServer } from '../../web/server.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export interface BrowserHarness {
  db: Database;
  server: RunningServer;
  context: BrowserContext;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startBrowserHarness(seed: (db: Database) => Promise<void>): Promise<BrowserHarness> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's Chromium (apt-get install -y chromium)`);
  }
  const db = await createTestDb();
  await seed(db);
  const config = loadConfig({ COPILOT_LOG_LEVEL: 'warn' });
  const app = createApp({ db, config, logger: createLogger({ level: 'warn' }) });
  const server = await startServer(app, 0, '127.0.0.1');
  const profile = await mkdtemp(join(tmpdir(), 'copilot-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return {
    db,
    server,
    context,
    async newPage(viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      return page;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close().catch(() => {});
      await server.close();
      await db.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the real form; the page ends on `next` (the dashboard by default). */
export async function signIn(page: Page, baseUrl: string, apiKey: string, next = '/'): Promise<void> {
  // One browser profile serves every test: start each sign-in from a clean slate.
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === next.split('?')[0]);
}
