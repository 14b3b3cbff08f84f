# syntax=docker/dockerfile:1.7
# One image for every process of distributed mode; the command names the service:
#   docker run rcr node scripts/bundled.mjs gateway    (identity, reviews, content, …)
# deploy/compose.yaml and deploy/k8s/ run it that way. Built and checked by `docker build .`; the test
# suite checks the bundles it builds (test/deploy.test.ts), as no container engine runs in CI.

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# 1. Every dependency, from the lock file only (cached until package*.json change).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/platform/package.json packages/platform/
COPY services/gateway/package.json services/gateway/
COPY services/identity/package.json services/identity/
COPY services/reviews/package.json services/reviews/
COPY services/content/package.json services/content/
COPY services/jobs/package.json services/jobs/
COPY services/webhooks/package.json services/webhooks/
COPY services/media/package.json services/media/
# No install scripts: the postinstall prepares embedded mode's PGlite template, which no container uses.
RUN npm ci --ignore-scripts --no-audit --no-fund

# 2. Each service bundled into plain JavaScript (esbuild; npm packages stay in node_modules), then the
#    development dependencies dropped.
FROM deps AS build
COPY . .
RUN node scripts/bundled.mjs build gateway identity reviews content jobs webhooks media \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# 3. What runs: Node, production node_modules, the bundles, and the files services read at run time
#    (migrations and .proto files, found next to their sources), and pg_dump for the jobs service's
#    scheduled backups (ADR 0033): from the PostgreSQL project's apt repository, of the server's major
#    version (pg_dump refuses a newer server; Debian's own client is 15, compose runs 16).
FROM ${NODE_IMAGE} AS runtime
ARG PG_CLIENT_MAJOR=16
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && install -d /usr/share/postgresql-common/pgdg \
 && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc \
      https://www.postgresql.org/media/keys/ACCC4CF8.asc \
 && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" \
      > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client-${PG_CLIENT_MAJOR} \
 && apt-get purge -y curl && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    RCR_BUNDLE_PREBUILT=true \
    MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules node_modules
COPY --from=build --chown=root:root /app/scripts/bundled.mjs scripts/
COPY --from=build --chown=root:root /app/packages packages
COPY --from=build --chown=root:root /app/services services
# The bundles were built with the image: read-only for the process, like everything else here.
USER node
EXPOSE 8080 50051 50052 50053 50054 50055 50060
STOPSIGNAL SIGTERM
CMD ["node", "scripts/bundled.mjs", "gateway"]
