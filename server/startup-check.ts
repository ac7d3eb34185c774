import { parseEnv } from './env-schema';

/** Prints one line per configuration problem and exits 1; does nothing when the environment is valid. */
export function exitOnInvalidEnv(source: Record<string, string | undefined> = process.env): void {
  const result = parseEnv(source);
  if (result.ok) return;
  console.error(`Eddy cannot start: invalid configuration\n${result.problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
