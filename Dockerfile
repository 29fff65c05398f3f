# Multi-stage: the runtime image holds production dependencies and compiled JavaScript only; no
# TypeScript, tsx, test tooling or sources. Node 24 is the current LTS (Node 20 reached end of life).

FROM node:24-bookworm-slim AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# @temporalio/core-bridge ships its native library for five platforms (about 27 MB each); the
# image keeps the one it runs on, chosen by the same function the SDK loads it with.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
 && keep=$(node -p "require('@temporalio/core-bridge/common').getPrebuiltTargetName()") \
 && find node_modules/@temporalio/core-bridge/releases -mindepth 1 -maxdepth 1 ! -name "$keep" -exec rm -rf {} +

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
# dist/: the compiled server, plus the workflow bundle workers load with --bundle.
RUN npm run build

FROM node:24-bookworm-slim
WORKDIR /app
# Source maps turn stack traces back into the TypeScript line numbers of this commit.
ENV NODE_ENV=production NODE_OPTIONS=--enable-source-maps HOST=0.0.0.0 PORT=3000
# package.json marks dist/ as ES modules; everything stays root-owned and read-only to the process.
COPY package.json ./
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# node itself, not npm: SIGTERM from the orchestrator reaches the process that stops gracefully.
CMD ["node", "dist/src/cli/api.js"]
