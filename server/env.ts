import 'server-only';
import { parseEnv, type Env } from './env-schema';

export type { Env } from './env-schema';

let cached: Env | undefined;

/**
 * The validated configuration, read once. The launcher (`server/launch/start-cli.ts`) and
 * `instrumentation.ts` validate it before the server serves anything, so a bad value stops the
 * start with one line per problem instead of failing later inside a request.
 */
export function getEnv(): Env {
  if (cached) return cached;
  const result = parseEnv(process.env);
  if (!result.ok) throw new Error(`Invalid configuration:\n${result.problems.join('\n')}`);
  cached = result.env;
  return cached;
}
