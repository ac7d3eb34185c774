import { test as base } from '@playwright/test';
import { startApp, type RunningApp } from '../server/launch/app';
import { startDemo, type RunningDemo } from '../server/launch/demo';
import { getFreePort } from '../server/launch/ports';

export { expect } from '@playwright/test';

/** Dummy credentials: the SDK signs every request, even to a local endpoint. */
const DUMMY_AWS = { AWS_ACCESS_KEY_ID: 'AKIDEDDYTEST', AWS_SECRET_ACCESS_KEY: 'eddy-test-secret', AWS_REGION: 'us-east-1' };

interface WorkerFixtures {
  /** The dashboard pointed at a real closed port: every AWS call fails with ECONNREFUSED. */
  deadEndpointApp: RunningApp & { endpoint: string };
  /** `npm run demo` on free ports: the emulator, the demo system and the dashboard. */
  demo: RunningDemo;
}

export const test = base.extend<object, WorkerFixtures>({
  deadEndpointApp: [
    async ({}, use) => {
      // A port taken from the OS and released again: nothing listens there.
      const deadPort = await getFreePort();
      const endpoint = `http://127.0.0.1:${deadPort}`;
      const app = await startApp({
        port: await getFreePort(),
        env: { ...DUMMY_AWS, AWS_ENDPOINT_URL: endpoint, EDDY_EMULATOR_PORT: String(deadPort), EDDY_DATA_DIR: `.eddy/test-${process.pid}` },
      });
      await use({ ...app, endpoint });
      await app.stop();
    },
    { scope: 'worker' },
  ],
  demo: [
    async ({}, use) => {
      const demo = await startDemo({
        appPort: await getFreePort(),
        emulatorPort: await getFreePort(),
        appEnv: { EDDY_DATA_DIR: `.eddy/test-${process.pid}` },
      });
      await use(demo);
      await demo.stop();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});
