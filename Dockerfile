# syntax=docker/dockerfile:1
# Eddy as a container: the standalone Next.js server (next.config.js: output 'standalone'), no dev
# dependencies, run as the unprivileged `node` user. Build: docker build -t eddy .
# Run: docker run -p 3000:3000 -e AWS_REGION=eu-west-1 -e EDDY_OIDC_ISSUER=… eddy  (README: "Running Eddy for a team")

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The standalone output leaves the static files out; Eddy serves them itself.
RUN npx next build \
 && cp -r public .next/standalone/public \
 && cp -r .next/static .next/standalone/.next/static

FROM node:20-bookworm-slim AS run
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    HOST=0.0.0.0 \
    PORT=3000 \
    EDDY_DATA_DIR=/data
RUN mkdir -p /data && chown node:node /data
# Only the traced server files: next build copied into .next/standalone exactly the node_modules it needs.
COPY --from=build --chown=node:node /app/.next/standalone ./
USER node
EXPOSE 3000
# The audit log lives here: keep it on a volume.
VOLUME ["/data"]
# GET /api/healthz answers 200 without touching AWS or needing a session.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "server.js"]
