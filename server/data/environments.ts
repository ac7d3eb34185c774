import 'server-only';
import { headers } from 'next/headers';
import { UNKNOWN_ENVIRONMENT_HEADER, type EnvironmentSummary } from '@/lib/environments/schema';
import { getEnv } from '../env';
import { currentEnvironment, getEnvironments, summarise } from '../environments';

/** The environment the page is about and every environment, for the header's switcher (no credentials, no endpoints). */
export function describeEnvironments(): { current: EnvironmentSummary; all: EnvironmentSummary[] } {
  const env = getEnv();
  const all = summarise(getEnvironments(env));
  const current = summarise([currentEnvironment(env)])[0];
  return { current, all };
}

/**
 * The environment a page asked for (`/e/<name>/…`) that Eddy does not have, as the proxy named it
 * for the not-found page; undefined when the request came some other way.
 */
export async function requestedUnknownEnvironment(): Promise<string | undefined> {
  const value = (await headers()).get(UNKNOWN_ENVIRONMENT_HEADER);
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
