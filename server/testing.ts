import { createClients } from './aws/clients';
import { parseEnv } from './env-schema';
import { resetServices, setServicesForTest } from './services';

/**
 * Tests: builds the dashboard's services afresh against test endpoints — clients from `env` (the
 * AWS_* variables a user would set, e.g. `{ AWS_ENDPOINT_URL: emu.url }`) with `credentials` —
 * instead of mutating `process.env` before the first adapter call.
 */
export function useTestServices(env: Record<string, string>, credentials: { accessKeyId: string; secretAccessKey: string }): void {
  const parsed = parseEnv({ AWS_REGION: 'us-east-1', ...env });
  if (!parsed.ok) throw new Error(`Invalid test configuration:\n${parsed.problems.join('\n')}`);
  resetServices();
  setServicesForTest({ clients: createClients(parsed.env, credentials) });
}
