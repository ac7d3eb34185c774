import 'server-only';
import { AppError } from '@/lib/errors';
import { demoStatusSchema, type DemoAction, type DemoStatus } from '@/lib/types/demo';
import { getEnv } from '../env';

function controlUrl(): string {
  const url = getEnv().EDDY_DEMO_CONTROL_URL;
  if (!url) throw new AppError('not_found', 'There is no demo system: Eddy is pointed at real AWS or a custom endpoint.');
  return url;
}

async function call(path: string, method: 'GET' | 'POST', body?: unknown): Promise<DemoStatus> {
  let res: Response;
  try {
    res = await fetch(`${controlUrl()}${path}`, {
      method,
      signal: AbortSignal.timeout(5_000),
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new AppError('unavailable', 'The demo system does not answer. Was `npm run demo` stopped?');
  }
  if (!res.ok) throw new AppError('internal', `The demo system answered ${res.status} to ${method} ${path}.`);
  const parsed = demoStatusSchema.safeParse(await res.json());
  if (!parsed.success) throw new AppError('internal', 'The demo system answered in an unexpected shape.');
  return parsed.data;
}

/** The demo system's switches and counters. */
export function getDemoStatus(): Promise<DemoStatus> {
  return call('/status', 'GET');
}

/**
 * Flips one of the demo's switches: fix the bug, spike traffic, stall the notifier, break a
 * subscription, or reset. `on: false` undoes a toggle (`break-subscription`).
 */
export function runDemoAction(action: DemoAction, on?: boolean): Promise<DemoStatus> {
  return call(`/${action}`, 'POST', on === undefined ? undefined : { on });
}
