import 'server-only';
import { toAppError } from '@/lib/errors';
import { errorLinesFor, indexErrorLines, parseLogLine } from '@/lib/traces/log-lines';
import type { LogLine, LogReadNote, TraceLogs } from '@/lib/types/logs';
import { getFunction, listEventSourceMappings } from '../aws/lambda';
import { filterLogEvents } from '../aws/logs';
import { environmentKey, perEnvironment } from '../environments';

/**
 * Error lines of the function logs are read once per function and time window, then every
 * message of a trace (the traced one and its neighbours for "similar failures") is matched
 * against the same index: one bounded FilterLogEvents scan, not one per message.
 */
const MAX_ERROR_EVENTS = 5_000;
const MAX_PAGES = 10;
const INDEX_TTL_MS = 15_000;
const CONFIG_TTL_MS = 60_000;
/** Terms an error line carries in every common format (JSON level, Node/Python text, uncaught errors, timeouts). */
export const ERROR_PATTERN = '?ERROR ?Error ?Exception ?"timed out"';

export interface ErrorIndex {
  functionName: string;
  logGroup: string;
  window: { start: number; end: number };
  index: Map<string, LogLine[]>;
  note: LogReadNote;
}

const groupCache = new Map<string, { at: number; value: Promise<string> }>();
const indexCache = new Map<string, { at: number; value: Promise<ErrorIndex> }>();
// Caches of AWS answers: per environment (server/environments.ts), an account's functions are not another's.
const mappings = perEnvironment(() => ({ cache: undefined as { at: number; value: Promise<{ functionName: string; sourceArn: string }[]> } | undefined }));

/** The function's log group: `LoggingConfig.LogGroup`, else Lambda's default `/aws/lambda/<name>`. */
export function logGroupOf(functionName: string): Promise<string> {
  const cached = groupCache.get(environmentKey(functionName));
  if (cached && Date.now() - cached.at < CONFIG_TTL_MS) return cached.value;
  const value = getFunction(functionName)
    .then((fn) => fn.logGroup ?? `/aws/lambda/${functionName}`)
    .catch(() => `/aws/lambda/${functionName}`);
  groupCache.set(environmentKey(functionName), { at: Date.now(), value });
  return value;
}

/** The Lambda functions an event source mapping points at this source (a queue's ARN), cached a minute. */
export async function consumersOf(sourceArn: string): Promise<string[]> {
  const slot = mappings();
  if (!slot.cache || Date.now() - slot.cache.at >= CONFIG_TTL_MS) {
    const value = listEventSourceMappings().then((all) => all.map((m) => ({ functionName: m.functionName, sourceArn: m.sourceArn })));
    slot.cache = { at: Date.now(), value };
    value.catch(() => (slot.cache = undefined));
  }
  return (await slot.cache.value).filter((m) => m.sourceArn === sourceArn).map((m) => m.functionName);
}

/**
 * The error lines of a function's logs in a window, indexed by every value they name. Windows are
 * rounded (start down to the minute, end up to 10 s) so traces opened together share one read.
 */
export function errorIndexOf(functionName: string, window: { start: number; end: number }): Promise<ErrorIndex> {
  const start = Math.floor(window.start / 60_000) * 60_000;
  const end = Math.ceil(window.end / 10_000) * 10_000;
  const key = `${functionName}|${start}|${end}`;
  const cached = indexCache.get(environmentKey(key));
  if (cached && Date.now() - cached.at < INDEX_TTL_MS) return cached.value;
  for (const [k, v] of indexCache) if (Date.now() - v.at >= INDEX_TTL_MS) indexCache.delete(k);
  const value = (async (): Promise<ErrorIndex> => {
    const logGroup = await logGroupOf(functionName);
    try {
      const read = await filterLogEvents({ logGroup, start, end, pattern: ERROR_PATTERN, maxEvents: MAX_ERROR_EVENTS, maxPages: MAX_PAGES });
      const lines = read.events.map(parseLogLine);
      return { functionName, logGroup, window: { start, end }, index: indexErrorLines(lines), note: read.note };
    } catch (error) {
      const e = toAppError(error);
      const message =
        e.code === 'not_found'
          ? `${functionName} has no log group ${logGroup}: it has not logged yet, or logs elsewhere.`
          : `The logs of ${functionName} (${logGroup}) could not be read: ${e.message}`;
      return { functionName, logGroup, window: { start, end }, index: new Map(), note: { status: 'unavailable', message } };
    }
  })();
  indexCache.set(environmentKey(key), { at: Date.now(), value });
  return value;
}

/**
 * The error lines of one message in an index: matched on its message id and request id (`ids`),
 * or, when no line names those, on the keys of the items it names (`itemKeys`).
 */
export function traceLogsFrom(index: ErrorIndex, keys: { ids: string[]; itemKeys: string[] }): TraceLogs {
  const ids = [...new Set(keys.ids.filter(Boolean))];
  const itemKeys = [...new Set(keys.itemKeys.filter(Boolean))];
  const matchedOn = [...new Set([...ids, ...itemKeys])];
  const errors = errorLinesFor(index.index, [ids, itemKeys]);
  return {
    functionName: index.functionName,
    logGroup: index.logGroup,
    matchedOn,
    errors,
    requestIds: [...new Set(errors.map((l) => l.requestId).filter((r): r is string => Boolean(r)))],
    window: index.window,
    note: index.note,
  };
}
