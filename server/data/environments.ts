import 'server-only';
import type { EnvironmentSummary } from '@/lib/environments/schema';
import { getEnv } from '../env';
import { currentEnvironment, getEnvironments, summarise } from '../environments';

/** The environment the page is about and every environment, for the header's switcher (no credentials, no endpoints). */
export function describeEnvironments(): { current: EnvironmentSummary; all: EnvironmentSummary[] } {
  const env = getEnv();
  const all = summarise(getEnvironments(env));
  const current = summarise([currentEnvironment(env)])[0];
  return { current, all };
}
