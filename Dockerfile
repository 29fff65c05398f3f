FROM node:24-bookworm-slim

WORKDIR /app

# tsx runs the TypeScript sources directly, so there is no build stage.
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force

COPY tsconfig.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
# Workers load this prebuilt bundle (--bundle) instead of bundling the workflows at every start.
RUN npm run --silent build:workflows -- dist/workflow-bundle.js

# Set after npm ci: NODE_ENV=production would make npm ci skip devDependencies.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
EXPOSE 3000

# Sources stay root-owned; the process runs as the image's unprivileged user.
USER node
CMD ["npm", "run", "api"]
