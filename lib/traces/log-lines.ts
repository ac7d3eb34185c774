import type { LogLine } from '../types/logs';
import { normaliseErrorText } from './signature';

const PLATFORM = /^(START|END|REPORT) RequestId: ([0-9a-fA-F-]{8,})/;
/** Node.js text format: `<ISO time>\t<request id>\t<LEVEL>\t<text>`. */
const NODE_TEXT = /^\d{4}-\d\d-\d\dT[\d:.]+Z\t([0-9a-fA-F-]{8,})\t([A-Z]+)\t([\s\S]*)$/;
/** Python logging: `[LEVEL]\t<ISO time>\t<request id>\t<text>`. */
const PYTHON_TEXT = /^\[([A-Z]+)\]\t\S+\t([0-9a-fA-F-]{8,})\t([\s\S]*)$/;
const ERROR_LEVELS = new Set(['ERROR', 'FATAL', 'CRITICAL']);
const REASON_FIELDS = ['reason', 'errorMessage', 'message', 'msg', 'error'] as const;
const MAX_IDS = 40;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseObject(text: string): Json | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/**
 * Classifies one log event of a Lambda function (or any process writing text or JSON lines):
 * platform lines with their request id; JSON lines with `level`, `requestId`, reason and type;
 * Node.js and Python text lines with their level and request id; an uncaught Python error.
 */
export function parseLogLine(event: { timestamp?: number; message: string; stream: string }): LogLine {
  const message = event.message.replace(/\n$/, '');
  const base = { timestamp: event.timestamp, stream: event.stream, message };
  const platform = PLATFORM.exec(message);
  if (platform) return { ...base, kind: platform[1].toLowerCase() as 'start' | 'end' | 'report', requestId: platform[2], error: false };
  const json = parseObject(message.trim());
  if (json) {
    const level = str(json.level) ?? str(json.severity) ?? (str(json.errorType) ? 'ERROR' : undefined);
    const upper = level?.toUpperCase();
    const reason = REASON_FIELDS.map((f) => str(json[f])).find(Boolean);
    return {
      ...base,
      kind: 'app',
      requestId: str(json.requestId) ?? str(json.AWSRequestId) ?? str(json.awsRequestId),
      level: upper,
      error: upper !== undefined && ERROR_LEVELS.has(upper),
      reason,
      errorType: str(json.errorType) ?? str(json.name),
    };
  }
  const node = NODE_TEXT.exec(message);
  if (node) return { ...base, kind: 'app', requestId: node[1], level: node[2], error: ERROR_LEVELS.has(node[2]), reason: node[3].split('\n')[0] };
  const python = PYTHON_TEXT.exec(message);
  if (python) return { ...base, kind: 'app', requestId: python[2], level: python[1], error: ERROR_LEVELS.has(python[1]), reason: python[3].split('\n')[0] };
  const uncaught = /^\[ERROR\] (\w+): ([^\n]*)/.exec(message);
  if (uncaught) return { ...base, kind: 'app', level: 'ERROR', error: true, errorType: uncaught[1], reason: uncaught[2] };
  const timeout = /Task timed out after [\d.]+ seconds/.exec(message);
  if (timeout) return { ...base, kind: 'app', level: 'ERROR', error: true, reason: timeout[0] };
  return { ...base, kind: 'app', error: false };
}

/**
 * The values a line can be correlated by: its request id, and the string or number values of a
 * JSON line (message ids, order ids, customer ids…) or the id-like words of a text line.
 */
export function correlationIds(line: LogLine): string[] {
  const ids = new Set<string>();
  if (line.requestId) ids.add(line.requestId);
  const json = parseObject(line.message.trim());
  if (json) {
    const walk = (node: unknown, depth: number) => {
      if (ids.size >= MAX_IDS || depth > 3) return;
      if (typeof node === 'string' && node.length >= 3 && node.length <= 256) ids.add(node);
      else if (typeof node === 'number') ids.add(String(node));
      else if (Array.isArray(node)) node.slice(0, 20).forEach((v) => walk(v, depth + 1));
      else if (isObject(node)) Object.values(node).forEach((v) => walk(v, depth + 1));
    };
    walk(json, 0);
  } else {
    for (const word of line.message.match(/[\w:.-]*\d[\w:.-]*/g) ?? []) {
      if (word.length >= 6 && ids.size < MAX_IDS) ids.add(word.replace(/[.:]+$/, ''));
    }
  }
  return [...ids];
}

/** An index of error lines by every value they can be correlated by. */
export function indexErrorLines(lines: LogLine[]): Map<string, LogLine[]> {
  const index = new Map<string, LogLine[]>();
  for (const line of lines) {
    if (!line.error) continue;
    for (const id of correlationIds(line)) {
      const list = index.get(id);
      if (list) list.push(line);
      else index.set(id, [line]);
    }
  }
  return index;
}

/**
 * The error lines of one message, oldest first, once each. `tiers` go from the most specific keys
 * to the least (its message id and request id; then the keys of the items it names): the first
 * tier that names any line wins, so a message whose own id is in the logs never shows the lines of
 * every other failure of the same product.
 */
export function errorLinesFor(index: Map<string, LogLine[]>, tiers: string[][]): LogLine[] {
  for (const keys of tiers) {
    const found = new Set<LogLine>();
    for (const key of keys) for (const line of index.get(key) ?? []) found.add(line);
    // A line without its time cannot be placed: after the timed ones, in the order read.
    if (found.size > 0) return [...found].sort((a, b) => (a.timestamp === b.timestamp ? 0 : a.timestamp === undefined ? 1 : b.timestamp === undefined ? -1 : a.timestamp - b.timestamp));
  }
  return [];
}

/**
 * The error of a set of lines, as a signature text: the most specific line (one with a human
 * reason beats a generic "Invoke Error"), its type and reason normalised (ids and numbers masked).
 */
export function logErrorSignature(lines: LogLine[]): { text: string; raw: string } | undefined {
  const errors = lines.filter((l) => l.error && l.reason);
  if (errors.length === 0) return undefined;
  // The runtime's "Invoke Error …" repeats what the handler threw; the handler's own line says why.
  const best = errors.find((l) => !/"Invoke Error|^Invoke Error/.test(l.message)) ?? errors[0];
  const raw = [best.errorType, best.reason].filter(Boolean).join(': ');
  return { text: normaliseErrorText(raw), raw };
}
