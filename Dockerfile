# Ops Copilot: the HTTP server (UI, API, MCP) and the triage worker, on Node 20.
# The TypeScript sources are compiled once into dist/ (scripts/build.mjs, esbuild, a runtime dependency),
# which bin/copilot.mjs runs; the development tools (typescript, vitest, playwright-core, type packages)
# are left out of the image.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    COPILOT_DATA_DIR=/app/.data \
    npm_config_update_notifier=false

WORKDIR /app

# Dependencies first, so a source change does not reinstall them. The `prepare` build needs the
# sources, so it is skipped here and run once they are copied.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

COPY . .
RUN npm run build
# The offline embedder's compact word vectors (npm ci ran before the sources were here to build them);
# the build cache's copy (scripts/build-cache.mjs) would only add 25 MB to the image, so it goes to /tmp and away.
RUN XDG_CACHE_HOME=/tmp/build-cache node scripts/compact-word-vectors.mjs && rm -rf /tmp/build-cache
# The embedded database (used when DATABASE_URL is unset) lives in a directory the app user owns.
RUN mkdir -p /app/.data && chown node:node /app/.data

# The image's unprivileged user; nothing at run time needs root.
USER node

EXPOSE 8787
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "bin/copilot.mjs", "serve", "--host", "0.0.0.0"]
