/**
 * A child process for the crash test: runs one "redrive selected" with the configuration from
 * its environment, so the parent can kill it between a send and its delete. Run with
 * `tsx --conditions=react-server` (so `server-only` resolves to its empty module).
 */
import { redriveSelected } from '../selected';

const [dlqName, ids, destinationName] = process.argv.slice(2);
redriveSelected({ dlqName, messageIds: ids.split(','), destinationName: destinationName || undefined }).then(
  (outcomes) => {
    process.stdout.write(`${JSON.stringify(outcomes)}\n`);
  },
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
