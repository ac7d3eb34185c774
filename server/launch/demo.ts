import { startEmulator, type Emulator } from '../emulator';
import { createDemoClients, type DemoClients } from '../sim/clients';
import { startControlServer } from '../sim/control';
import { startSimulation, type Simulation } from '../sim/simulation';
import { ensureBuild, startApp, type RunningApp } from './app';
import { getFreePort, isPortBusy } from './ports';

/** The demo's credentials: the emulator ignores signatures, but the SDK signs every request. */
export const DEMO_CREDENTIALS = { accessKeyId: 'AKIDEDDYDEMO', secretAccessKey: 'eddy-demo-secret' };
export const DEMO_REGION = 'us-east-1';

export interface DemoOptions {
  /** The dashboard's port (`PORT`). */
  appPort: number;
  /** The local AWS endpoint's port (`EDDY_EMULATOR_PORT`). */
  emulatorPort: number;
  host?: string;
  /** Orders per second. */
  rate?: number;
  /** A few shards per stream and a short rollover, so lineage shows within minutes. */
  shardsPerStream?: number;
  shardRolloverMinutes?: number;
  /** More environment for the dashboard (e.g. EDDY_READ_ONLY, EDDY_DATA_DIR in tests). */
  appEnv?: Record<string, string | undefined>;
  /** Print the dashboard's own output. */
  inheritAppOutput?: boolean;
  log?: (line: string) => void;
}

export interface RunningDemo {
  appUrl: string;
  emulatorUrl: string;
  controlUrl: string;
  emulator: Emulator;
  clients: DemoClients;
  simulation: Simulation;
  app: RunningApp;
  stop(): Promise<void>;
}

async function assertFree(port: number, host: string, variable: string): Promise<void> {
  if (await isPortBusy(port, host)) throw new Error(`Port ${port} on ${host} is busy: set ${variable} to a free port (e.g. ${variable}=${port + 1}).`);
}

/**
 * `npm run demo` and the e2e fixtures: the local AWS endpoint, the demo system's resources and
 * traffic, its control API, and the dashboard pointed at the endpoint. `stop()` ends all of it.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  await assertFree(options.emulatorPort, host, 'EDDY_EMULATOR_PORT');
  await assertFree(options.appPort, host, 'PORT');

  const cleanups: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const emulator = await startEmulator({
      port: options.emulatorPort,
      host,
      shardsPerStream: options.shardsPerStream ?? 2,
      shardRolloverMinutes: options.shardRolloverMinutes ?? 10,
    });
    cleanups.push(() => emulator.stop());
    log(`Local AWS endpoint on ${emulator.url}`);

    const clients = createDemoClients({ endpoint: emulator.url, region: DEMO_REGION, credentials: DEMO_CREDENTIALS });
    cleanups.push(() => clients.destroy());
    // The demo's records and metrics carry the emulator's clock, which tests may move forward.
    const simulation = await startSimulation({ clients, rate: options.rate, now: () => emulator.clock.now() });
    cleanups.push(() => simulation.stop());
    const control = await startControlServer(simulation, { port: await getFreePort(host), host });
    cleanups.push(() => control.stop());
    log('Demo system running: orders flow from the orders stream to fulfillment and notifications.');

    ensureBuild(log);
    const app = await startApp({
      port: options.appPort,
      host,
      inheritOutput: options.inheritAppOutput,
      env: {
        AWS_ENDPOINT_URL: emulator.url,
        AWS_REGION: DEMO_REGION,
        AWS_ACCESS_KEY_ID: DEMO_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: DEMO_CREDENTIALS.secretAccessKey,
        AWS_PROFILE: undefined,
        EDDY_EMULATOR_PORT: String(emulator.port),
        EDDY_DEMO_CONTROL_URL: control.url,
        ...options.appEnv,
      },
    });
    cleanups.push(() => app.stop());
    return { appUrl: app.url, emulatorUrl: emulator.url, controlUrl: control.url, emulator, clients, simulation, app, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
