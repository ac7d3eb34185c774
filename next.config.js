// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm start` and the Dockerfile run `.next/standalone/server.js`: the server with only the
  // node_modules files it uses, no dev dependencies (server/launch/app.ts copies the static files in).
  output: 'standalone',
  outputFileTracingRoot: __dirname,
  // The AWS SDK and the emulator run on the server only; keep them out of the bundler (the SDK's
  // paginators check `client instanceof`, which fails when a route's bundle holds a second copy;
  // nested-clients: STS, for the environments that assume a role, server/aws/credentials.ts).
  serverExternalPackages: ['@aws-sdk/client-dynamodb', '@aws-sdk/client-dynamodb-streams', '@aws-sdk/client-sqs', '@aws-sdk/client-lambda', '@aws-sdk/client-cloudwatch', '@aws-sdk/client-cloudwatch-logs', '@aws-sdk/client-sns', '@aws-sdk/nested-clients'],
  // proxy.ts rewrites /e/<name>/… on the origin the request came to; without this Next rewrites
  // 127.0.0.1 to localhost in the proxy's URLs and treats the rewrite as an external one.
  skipProxyUrlNormalize: true,
  // `npm test` runs `tsc --noEmit` over the whole project (emulator, demo and tests included);
  // the build need not check the same files twice.
  typescript: { ignoreBuildErrors: true },
};

module.exports = nextConfig;
