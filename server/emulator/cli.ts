import { parseArgs } from 'node:util';
import { startEmulator } from './index';
import { DEFAULT_SHARD_READ_RATE } from './streams/read-budget';

const USAGE = `Usage: npm run emulator -- [--port 4566] [--host 127.0.0.1] [--shards-per-stream 1]
       [--shard-rollover-minutes 240] [--shard-read-rate 10] [--no-reader-limit] [--verbose]

--shard-read-rate: GetRecords calls per second per shard (and burst) before LimitExceededException;
--no-reader-limit: never throttle GetRecords.`;

function positiveInt(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be a whole number ≥ ${min}, got "${raw}"\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'shards-per-stream': { type: 'string' },
        'shard-rollover-minutes': { type: 'string' },
        'shard-read-rate': { type: 'string' },
        'no-reader-limit': { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = positiveInt('port', values.port, 4566, 0);
  const emulator = await startEmulator({
    port,
    host: values.host ?? '127.0.0.1',
    shardsPerStream: positiveInt('shards-per-stream', values['shards-per-stream'], 1),
    shardRolloverMinutes: positiveInt('shard-rollover-minutes', values['shard-rollover-minutes'], 240),
    readerLimit: !values['no-reader-limit'],
    shardReadRate: positiveInt('shard-read-rate', values['shard-read-rate'], DEFAULT_SHARD_READ_RATE),
    verbose: Boolean(values.verbose),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') console.error(`Port ${port} is busy: choose another with --port.`);
    else console.error(`The emulator could not start: ${error.message}`);
    process.exit(1);
  });
  console.log(`Eddy AWS emulator ready on ${emulator.url}`);
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
