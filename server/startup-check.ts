import { parseEnv } from './env-schema';
import { loadEnvironments } from './environments';

/** Prints one line per configuration problem and exits 1; does nothing when the environment is valid. */
export function exitOnInvalidEnv(source: Record<string, string | undefined> = process.env): void {
  const result = parseEnv(source);
  // A bad `environments` list in eddy.config.json stops the start too: no URL could say which account it meant.
  const environments = result.ok ? loadEnvironments(result.env) : { ok: true as const };
  const problems = [...(result.ok ? [] : result.problems), ...(environments.ok ? [] : environments.problems)];
  if (problems.length === 0) return;
  console.error(`Eddy cannot start: invalid configuration\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
