import './quiet-sdk-warning';
import { exitOnInvalidEnv } from '../startup-check';
import { parseEnv } from '../env-schema';
import { ensureBuild, startApp } from './app';

/** `npm start`: validate the configuration, build if needed, serve the standalone build against the configured AWS. */
async function main(): Promise<void> {
  exitOnInvalidEnv();
  const result = parseEnv(process.env);
  if (!result.ok) return;
  const { PORT, HOST } = result.env;
  ensureBuild();
  const app = await startApp({ port: PORT, host: HOST, inheritOutput: true, standalone: true });
  console.log(`Eddy is running: open ${app.url}`);
  const stop = () => void app.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
