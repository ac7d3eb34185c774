import 'server-only';
import { summariseHealth, type Health } from '@/lib/types/health';
import { describeConnection } from './connection';
import { probeServices } from '../aws/health';

/** Many browsers poll the header's indicator: one probe round serves them all for a moment. */
const CACHE_MS = 2_000;
let last: { at: number; value: Promise<Health> } | undefined;

/** What Eddy is connected to and whether each AWS service answers. */
export function getHealth(): Promise<Health> {
  const now = Date.now();
  if (last && now - last.at < CACHE_MS) return last.value;
  const value = (async (): Promise<Health> => {
    const [connection, services] = await Promise.all([describeConnection(), probeServices()]);
    return { connection, services, status: summariseHealth(services), checkedAt: new Date().toISOString() };
  })();
  last = { at: now, value };
  return value;
}
