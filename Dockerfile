# Roundtable server image: the built web app and the bundled server, one process per container.
#   docker build -t roundtable .
#   docker run -p 8787:8787 -v roundtable-data:/data roundtable                  # one server, SQLite in /data
#   docker run -p 8787:8787 -e DATABASE_URL=… -e REDIS_URL=… roundtable          # one of several servers
# Configuration is the environment (see the README's table). Behind a reverse proxy, set TRUST_PROXY (README).
#
# apps/server/test/artefact.test.ts runs what this file ships: `npm run build`, then the four paths copied below in
# a folder of their own, started with the same command. Change the two together.

FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles its native addon when no prebuilt one can be fetched for this platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY . .
RUN npm ci --no-audit --no-fund \
 && npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8787 DATA_DIR=/data
WORKDIR /app
# The bundle holds every JavaScript dependency; node_modules is still needed for the native SQLite addon.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/apps/server/dist ./apps/server/dist
COPY --from=build /app/apps/web/dist ./apps/web/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8787
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM (docker stop) stores every board and tells clients to reconnect; give it time to finish.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "apps/server/dist/main.js"]
