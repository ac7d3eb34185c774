import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_ENVIRONMENT_NAME, environmentsSchema, type EnvironmentConfig, type EnvironmentSummary } from '@/lib/environments/schema';
import type { Env } from './env-schema';
import { currentEnvironmentName, service, setDefaultEnvironmentName, setServicesForTest } from './services';

export { currentEnvironmentName, runInEnvironment } from './services';

/** One account and region Eddy watches: a declared entry, or the one from today's AWS variables. */
export interface Environment extends EnvironmentConfig {
  /** False for the implicit `default` environment: its clients follow AWS_* exactly as before. */
  declared: boolean;
}

export type EnvironmentsResult = { ok: true; environments: Environment[] } | { ok: false; problems: string[] };

/** The implicit environment without `environments` in the file: today's AWS variables, unchanged. */
function implicitEnvironment(env: Pick<Env, 'AWS_REGION' | 'AWS_DEFAULT_REGION'>): Environment {
  return { name: DEFAULT_ENVIRONMENT_NAME, region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '', declared: false };
}

/**
 * The environments from the text of `eddy.config.json` (null: there is no file). Only the
 * `environments` key is read here: the rest of the file keeps its own tolerant parsing
 * (server/config-file.ts), while a bad environment list stops the start (instrumentation.ts) —
 * Eddy cannot guess which account a URL meant.
 */
export function parseEnvironments(text: string | null, env: Pick<Env, 'AWS_REGION' | 'AWS_DEFAULT_REGION'>, file = 'eddy.config.json'): EnvironmentsResult {
  if (text === null) return { ok: true, environments: [implicitEnvironment(env)] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The file's other readers report the broken JSON on the home page; no environments were declared that we can read.
    return { ok: true, environments: [implicitEnvironment(env)] };
  }
  const declared = (json as { environments?: unknown } | null)?.environments;
  if (declared === undefined) return { ok: true, environments: [implicitEnvironment(env)] };
  const result = environmentsSchema.safeParse(declared);
  if (!result.success) return { ok: false, problems: result.error.issues.map((issue) => `${file}: environments.${issue.path.join('.')}: ${issue.message}`.replace(/\.: /, ': ')) };
  return { ok: true, environments: result.data.map((e) => ({ ...e, declared: true })) };
}

/** Reads the file once per process: environments change with a restart, like the AWS variables. */
export function loadEnvironments(env: Pick<Env, 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'EDDY_CONFIG_FILE'>): EnvironmentsResult {
  return service('environments', () => {
    const file = path.resolve(env.EDDY_CONFIG_FILE);
    let text: string | null;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      text = (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : '';
    }
    const result = parseEnvironments(text, env, path.basename(file));
    if (result.ok) setDefaultEnvironmentName(result.environments[0].name);
    return result;
  });
}

/** Tests: forget the environments read, so the next call reads the file again. */
export function forgetEnvironments(): void {
  setServicesForTest({ environments: undefined });
}

/** Every environment, the default one first. Throws on a bad list (the start already refused it). */
export function getEnvironments(env: Pick<Env, 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'EDDY_CONFIG_FILE'>): Environment[] {
  const result = loadEnvironments(env);
  if (!result.ok) throw new Error(`Invalid environments:\n${result.problems.join('\n')}`);
  return result.environments;
}

/** The environment the running code is about (server/services.ts `currentEnvironmentName`). */
export function currentEnvironment(env: Pick<Env, 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'EDDY_CONFIG_FILE'>): Environment {
  const environments = getEnvironments(env);
  const name = currentEnvironmentName();
  return environments.find((e) => e.name === name) ?? environments[0];
}

/** What the browser may know: names and regions for the switcher. */
export function summarise(environments: Environment[]): EnvironmentSummary[] {
  return environments.map((e) => ({ name: e.name, region: e.region || undefined }));
}

/** `key` within the current environment: for a module's cache keyed by name (a queue, a table) that would otherwise mix accounts. */
export function environmentKey(key: string): string {
  return `${currentEnvironmentName()}\u0000${key}`;
}

/** A module's state, one per environment (a short-lived cache kept outside server/services.ts). */
export function perEnvironment<T>(init: () => T): () => T {
  const states = new Map<string, T>();
  return () => {
    const name = currentEnvironmentName();
    let state = states.get(name);
    if (state === undefined) states.set(name, (state = init()));
    return state;
  };
}
