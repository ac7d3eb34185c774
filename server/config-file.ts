import 'server-only';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { EMPTY_EDDY_CONFIG, parseEddyConfig, type EddyConfig } from '@/lib/flow/config-schema';
import { getEnv } from './env';

export interface LoadedEddyConfig {
  config: EddyConfig;
  /** Problems with the file, one line each; shown in the UI, never thrown. */
  errors: string[];
  /** The file read, or null when there is none (the file is optional). */
  file: string | null;
}

let cached: { file: string; mtimeMs: number; loaded: LoadedEddyConfig } | undefined;

/**
 * The optional `eddy.config.json` (path from `EDDY_CONFIG_FILE`, relative to the working
 * directory): declared consumers and edges, zod-validated. Re-read only when the file changes.
 */
export async function loadEddyConfig(): Promise<LoadedEddyConfig> {
  const file = path.resolve(getEnv().EDDY_CONFIG_FILE);
  let mtimeMs: number;
  try {
    mtimeMs = (await stat(file)).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { config: EMPTY_EDDY_CONFIG, errors: [], file: null };
    return { config: EMPTY_EDDY_CONFIG, errors: [`${file}: cannot be read (${(error as Error).message})`], file };
  }
  if (cached && cached.file === file && cached.mtimeMs === mtimeMs) return cached.loaded;
  let loaded: LoadedEddyConfig;
  try {
    const parsed = parseEddyConfig(await readFile(file, 'utf8'));
    loaded = { config: parsed.config, errors: parsed.errors.map((e) => `${path.basename(file)}: ${e}`), file };
  } catch (error) {
    loaded = { config: EMPTY_EDDY_CONFIG, errors: [`${file}: cannot be read (${(error as Error).message})`], file };
  }
  cached = { file, mtimeMs, loaded };
  return loaded;
}
