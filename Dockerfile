# complaint-desk: multi-stage build on Node 24 LTS (the Node that CI tests); runs as a non-root user.
FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
# The same lockfile as CI. Its native addons come prebuilt inside their packages (better-sqlite3 13,
# msgpackr-extract), so no compiler is needed.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The production build: src/ without the dev stack and the demo (no test/ or bench/), then only
# the runtime dependencies.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24.21.0-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/var/lib/complaint-desk \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY templates ./templates
COPY src/store/migrations ./src/store/migrations
RUN groupadd --system complaintdesk && useradd --system --gid complaintdesk --home /app complaintdesk \
    && mkdir -p /var/lib/complaint-desk && chown complaintdesk:complaintdesk /var/lib/complaint-desk
USER complaintdesk
VOLUME ["/var/lib/complaint-desk"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
# --max-semi-space-size=2: a 2 MB young generation instead of 16 MB keeps ~15 MB of RSS off an
# idle service at no measurable cost (bench:scale). --heap-growing-percent=25: V8 lets the old
# generation grow to 1.25 × what survived the last full GC before it collects again (instead of
# up to 4 × for a small heap): at 100,000 cases the reminder hour's garbage took the heap from
# ~50 MB live to 186 MB and the RSS peak to ~320 MB; with it, ~170 MB. --initial-old-space-size=64:
# no full GC before the old generation holds 64 MB (what a started service holds anyway), else the
# 25 % steps cost full GCs all through start-up and a backlog (bench:scale start, bench:ingest CPU).
# The same flags as `npm start`.
CMD ["node", "--max-semi-space-size=2", "--heap-growing-percent=25", "--initial-old-space-size=64", "dist/src/cli.js", "start"]
