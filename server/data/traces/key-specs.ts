import 'server-only';
import { mapLimit } from '@/lib/concurrency';
import { buildKeySpecs } from '@/lib/traces/correlation';
import type { CorrelationConfig, TableKeySpec } from '@/lib/types/traces';
import { describeTableKeys, type TableKeys } from '../../aws/dynamodb';
import { listTableNames } from '../../aws/dynamodb';
import { loadEddyConfig } from '../../config-file';
import { perEnvironment } from '../../environments';

const KEY_SPEC_TTL_MS = 60_000;

/** The correlation keys of `eddy.config.json` (read once for the whole app); a broken file is reported, not fatal. */
async function loadCorrelationConfig(): Promise<{ config?: CorrelationConfig; problem?: string }> {
  const loaded = await loadEddyConfig();
  if (loaded.errors.length > 0) return { problem: `${loaded.errors.join('; ')} — its correlation keys are ignored.` };
  return loaded.file ? { config: { correlationKeys: loaded.config.correlationKeys } } : {};
}

// Per environment: each account has its own tables.
const keyCaches = perEnvironment(() => ({ cache: undefined as { at: number; value: Promise<{ tables: Map<string, TableKeys>; specs: TableKeySpec[]; problem?: string }> } | undefined }));

/** Every table's key schema (with types) and stream, cached for a minute: a trace needs them all. */
export function getKeySpecs(maxAgeMs = KEY_SPEC_TTL_MS) {
  const slot = keyCaches();
  if (slot.cache && Date.now() - slot.cache.at < maxAgeMs) return slot.cache.value;
  const value = (async () => {
    const [names, { config, problem }] = await Promise.all([listTableNames(), loadCorrelationConfig()]);
    const described = await mapLimit(names, 8, (name) => describeTableKeys(name).catch(() => undefined));
    const tables = new Map(described.filter((t): t is TableKeys => Boolean(t?.hash.name)).map((t) => [t.table, t]));
    return { tables, specs: buildKeySpecs([...tables.values()], config), problem };
  })();
  slot.cache = { at: Date.now(), value };
  value.catch(() => (slot.cache = undefined));
  return value;
}
