import './quiet-sdk-warning';
import { parseArgs } from 'node:util';
import { parseEnv } from '../env-schema';
import { startDemo } from './demo';

const USAGE = 'Usage: npm run demo [-- --rate <orders per second>]   (PORT, HOST and EDDY_EMULATOR_PORT set the ports)';

/** `npm run demo`: the local AWS endpoint, the demo system and the dashboard, live. Ctrl-C stops all. */
async function main(): Promise<void> {
  const env = parseEnv(process.env);
  if (!env.ok) {
    console.error(`Eddy cannot start: invalid configuration\n${env.problems.map((p) => `  ${p}`).join('\n')}`);
    process.exit(1);
  }
  let rate: number | undefined;
  try {
    const { values } = parseArgs({ options: { rate: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      console.log(USAGE);
      return;
    }
    if (values.rate !== undefined) {
      rate = Number(values.rate);
      if (!(rate > 0 && rate <= 500)) throw new Error(`--rate must be a number of orders per second between 0 and 500, got "${values.rate}"`);
    }
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }

  const started = Date.now();
  const demo = await startDemo({
    appPort: env.env.PORT,
    emulatorPort: env.env.EDDY_EMULATOR_PORT,
    host: env.env.HOST,
    rate,
    log: (line) => console.log(line),
  });
  console.log(`\nEddy demo is live (ready in ${((Date.now() - started) / 1000).toFixed(1)} s): open ${demo.appUrl}   — Ctrl-C stops everything.\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping the demo…');
    void demo.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
