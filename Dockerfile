# syntax=docker/dockerfile:1
# Image for both apps: the API by default, the worker with `npm run start:worker` as command.
#   docker build -t shiyou-match .
#   docker run --rm -e DATABASE_URL=... -e REDIS_URL=... shiyou-match                        # API
#   docker run --rm -e DATABASE_URL=... -e REDIS_URL=... shiyou-match npm run start:worker   # worker
# The `build` stage (full source + dev dependencies) also serves tools such as scripts/smtp-sink.ts.

# ---- build: dev dependencies, compile both apps and the matching CLI into dist/ -------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV CI=true \
    npm_config_fund=false \
    npm_config_audit=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
RUN npm run build

# ---- runtime: production dependencies and dist/ only, non-root ------------------------------
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    npm_config_fund=false \
    npm_config_audit=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
CMD ["npm", "run", "start:api"]
