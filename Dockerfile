# One image for the three processes of the distributed setup; docker-compose.yml picks the
# command: node dist/apps/api/main.js | node dist/apps/worker/main.js | node dist/apps/relay/main.js
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# SQL migrations are read from the source tree at start (libs/infra/database/migrate.ts).
COPY --from=build /app/libs/infra/database/migrations ./libs/infra/database/migrations
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/main.js"]
