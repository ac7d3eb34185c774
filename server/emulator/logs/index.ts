import { randomUUID } from 'node:crypto';
import { AwsError } from '../core/errors';
import { unknownOperation } from '../core/not-implemented';
import type { EmulatorDeps, JsonService, RequestContext } from '../core/types';
import { compileFilterPattern, FilterPatternError } from './filter-pattern';
import { compileQuery, QuerySyntaxError, runQuery, type CompiledQuery, type QueryRecord } from './insights';

/**
 * CloudWatch Logs over AWS JSON 1.1 (`X-Amz-Target: Logs_20140328.<Op>`): groups, streams,
 * PutLogEvents, GetLogEvents, FilterLogEvents with the filter-pattern subset, retention, and a
 * Logs Insights subset. Times are epoch milliseconds except StartQuery's (seconds), as on AWS.
 * Reference: aws-wire-semantics-2.md §3.
 */

const TARGET_PREFIX = 'Logs_20140328';
/** Retention values the model's `Days` enum allows. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const DAY_MS = 86_400_000;
/** PutLogEvents drops events more than 2 h ahead or 14 days behind, one by one. */
const MAX_FUTURE_MS = 2 * 3_600_000;
const MAX_PAST_MS = 14 * DAY_MS;
const MAX_BATCH_EVENTS = 10_000;
const MAX_BATCH_BYTES = 1_048_576;
const PER_EVENT_OVERHEAD = 26;
/**
 * The emulator keeps memory bounded: a group holds at most this many events, the oldest going
 * first (AWS keeps them by retention only). The demo writes far fewer in a day.
 */
const MAX_EVENTS_PER_GROUP = 500_000;
/** Logs Insights answers `Running` until this much real time has passed, so clients exercise polling. */
const QUERY_RUNNING_MS = 50;
const MAX_QUERIES = 1000;

interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  stream: LogStream;
  /** Order of arrival, ties broken by it, as AWS breaks them by ingestion. */
  seq: number;
}

interface LogStream {
  name: string;
  creationTime: number;
  events: LogEvent[];
  lastIngestionTime?: number;
}

interface LogGroup {
  name: string;
  creationTime: number;
  retentionInDays?: number;
  streams: Map<string, LogStream>;
  /** Every stream's events, sorted by (timestamp, seq): FilterLogEvents binary-searches it. */
  events: LogEvent[];
}

interface Query {
  id: string;
  queryString: string;
  groups: string[];
  startedAt: number;
  createTime: number;
  status: 'Running' | 'Complete' | 'Cancelled';
  compiled: CompiledQuery;
  startMs: number;
  endMs: number;
  limit: number;
  result?: ReturnType<typeof runQuery> & { scanned: number; bytes: number };
}

const invalidParameter = (message: string) => new AwsError('InvalidParameterException', message);
const groupNotFound = () => new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');

function str(input: Record<string, unknown>, key: string): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new AwsError('SerializationException', `${key} must be a string`);
  return v;
}

function num(input: Record<string, unknown>, key: string): number | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw new AwsError('SerializationException', `${key} must be a number`);
  return v;
}

function constraint(value: unknown, member: string, text: string): AwsError {
  return invalidParameter(`1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${text}`);
}

function checkLimit(value: number | undefined, max: number, member = 'limit'): void {
  if (value === undefined) return;
  if (value < 1) throw constraint(value, member, 'Member must have value greater than or equal to 1');
  if (value > max) throw constraint(value, member, `Member must have value less than or equal to ${max}`);
}

/** Index of the first event at or after (timestamp, seq). */
function lowerBound(events: LogEvent[], timestamp: number, seq = -1): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = events[mid];
    if (e.timestamp < timestamp || (e.timestamp === timestamp && e.seq < seq)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts keeping (timestamp, seq) order; appends in O(1) when events arrive in order, the usual case. */
function insertSorted(events: LogEvent[], event: LogEvent): void {
  const last = events[events.length - 1];
  if (!last || last.timestamp <= event.timestamp) {
    events.push(event);
    return;
  }
  events.splice(lowerBound(events, event.timestamp, event.seq), 0, event);
}

function encodeToken(kind: string, payload: unknown): string {
  return `${kind}/${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
}

function decodeToken<T>(token: string, kind: string): T {
  try {
    if (!token.startsWith(`${kind}/`)) throw new Error('kind');
    return JSON.parse(Buffer.from(token.slice(kind.length + 1), 'base64url').toString('utf8')) as T;
  } catch {
    throw invalidParameter('The specified nextToken is invalid.');
  }
}

/** Flattens a JSON value into `a.b.c` fields, as Insights discovers them. */
function flatten(value: unknown, prefix: string, out: QueryRecord): void {
  if (value === null || typeof value !== 'object') {
    if (prefix) out[prefix] = value as string | number | boolean | null;
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(v, `${prefix}.${i}`, out));
    return;
  }
  for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
}

const LAMBDA_LINE = /^(START|END|REPORT) RequestId: ([0-9a-f-]+)/;

export function createLogs(deps: EmulatorDeps) {
  const { clock } = deps;
  /** Groups by account and region, then name. */
  const groups = new Map<string, LogGroup>();
  const queries = new Map<string, Query>();
  let seq = 0;

  const groupKey = (ctx: RequestContext, name: string) => `${ctx.accountId}:${ctx.region}:${name}`;
  const groupArn = (ctx: RequestContext, name: string) => `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${name}`;

  /** `logGroupName` or `logGroupIdentifier` (a name or an ARN, with or without `:*`), never both. */
  function resolveGroupName(input: Record<string, unknown>): string {
    const name = str(input, 'logGroupName');
    const identifier = str(input, 'logGroupIdentifier');
    if (name !== undefined && identifier !== undefined) {
      throw new AwsError('ValidationException', 'LogGroup name and LogGroup ARN are mutually exclusive parameters.');
    }
    const value = name ?? identifier;
    if (value === undefined) throw invalidParameter('Either logGroupName or logGroupIdentifier is required.');
    const arn = /^arn:aws[\w-]*:logs:[^:]*:\d+:log-group:(.+?)(:\*)?$/.exec(value);
    return arn ? arn[1] : value;
  }

  function getGroup(ctx: RequestContext, name: string): LogGroup {
    const group = groups.get(groupKey(ctx, name));
    if (!group) throw groupNotFound();
    expire(group);
    return group;
  }

  /** Drops what the retention (or the emulator's memory cap) no longer keeps. */
  function expire(group: LogGroup): void {
    let cut = group.events.length > MAX_EVENTS_PER_GROUP ? group.events.length - MAX_EVENTS_PER_GROUP : 0;
    if (group.retentionInDays !== undefined) cut = Math.max(cut, lowerBound(group.events, clock.now() - group.retentionInDays * DAY_MS));
    if (cut === 0) return;
    const dropped = new Set(group.events.slice(0, cut));
    group.events.splice(0, cut);
    for (const stream of group.streams.values()) {
      if (stream.events.length > 0 && dropped.has(stream.events[0])) stream.events = stream.events.filter((e) => !dropped.has(e));
    }
  }

  function checkName(value: string | undefined, what: 'group' | 'stream'): string {
    if (value === undefined || value.length === 0) throw constraint(value ?? 'null', what === 'group' ? 'logGroupName' : 'logStreamName', 'Member must have length greater than or equal to 1');
    if (value.length > 512) throw invalidParameter('Invalid LogGroup or LogStream, both must have length less than or equal to 512.');
    if (what === 'group' && !/^[\w\-/.#]+$/.test(value)) throw constraint(value, 'logGroupName', 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+');
    if (what === 'stream' && /[:*]/.test(value)) throw constraint(value, 'logStreamName', 'Member must satisfy regular expression pattern: [^:*]*');
    return value;
  }

  function describeGroup(ctx: RequestContext, group: LogGroup) {
    return {
      logGroupName: group.name,
      creationTime: group.creationTime,
      ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
      metricFilterCount: 0,
      arn: `${groupArn(ctx, group.name)}:*`,
      storedBytes: group.events.reduce((sum, e) => sum + Buffer.byteLength(e.message), 0),
      logGroupClass: 'STANDARD',
      logGroupArn: groupArn(ctx, group.name),
      deletionProtectionEnabled: false,
    };
  }

  function describeStream(ctx: RequestContext, group: LogGroup, stream: LogStream) {
    const first = stream.events[0];
    const last = stream.events[stream.events.length - 1];
    return {
      logStreamName: stream.name,
      creationTime: stream.creationTime,
      ...(first ? { firstEventTimestamp: first.timestamp, lastEventTimestamp: last.timestamp, lastIngestionTime: stream.lastIngestionTime } : {}),
      ...(first ? { uploadSequenceToken: String(seq).padStart(56, '4') } : {}),
      arn: `${groupArn(ctx, group.name)}:log-stream:${stream.name}`,
      storedBytes: 0,
    };
  }

  function recordOf(group: LogGroup, ctx: RequestContext, e: LogEvent): QueryRecord {
    const r: QueryRecord = {
      '@timestamp': e.timestamp,
      '@message': e.message,
      '@logStream': e.stream.name,
      '@log': `${ctx.accountId}:${group.name}`,
      '@ingestionTime': e.ingestionTime,
      '@ptr': Buffer.from(`${group.name}\u0000${e.seq}`).toString('base64'),
    };
    const lambda = LAMBDA_LINE.exec(e.message);
    if (lambda) {
      r['@type'] = lambda[1];
      r['@requestId'] = lambda[2];
    }
    const trimmed = e.message.trimStart();
    if (trimmed.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(trimmed);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
          const fields: QueryRecord = {};
          flatten(parsed, '', fields);
          for (const [k, v] of Object.entries(fields)) if (!(k in r)) r[k] = v;
        }
      } catch {
        // Not JSON after all: only the system fields.
      }
    }
    return r;
  }

  function completeQuery(query: Query, ctx: RequestContext): void {
    if (query.status !== 'Running' || performance.now() - query.startedAt < QUERY_RUNNING_MS) return;
    const records: QueryRecord[] = [];
    let bytes = 0;
    for (const name of query.groups) {
      const group = groups.get(groupKey(ctx, name));
      if (!group) continue;
      expire(group);
      // StartQuery's end time is inclusive, in seconds: the whole last second counts.
      const from = lowerBound(group.events, query.startMs);
      const to = lowerBound(group.events, query.endMs + 1000);
      for (let i = from; i < to; i += 1) {
        bytes += group.events[i].message.length;
        records.push(recordOf(group, ctx, group.events[i]));
      }
    }
    if (query.groups.length > 1) records.sort((a, b) => Number(a['@timestamp']) - Number(b['@timestamp']));
    query.result = { ...runQuery(query.compiled, records, query.limit), scanned: records.length, bytes };
    query.status = 'Complete';
  }

  const handlers: Record<string, (input: Record<string, unknown>, ctx: RequestContext) => unknown> = {
    CreateLogGroup(input, ctx) {
      const name = checkName(str(input, 'logGroupName'), 'group');
      if (/^aws\//.test(name)) throw invalidParameter('Log group names starting with aws/ are reserved for AWS.');
      const key = groupKey(ctx, name);
      if (groups.has(key)) throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
      groups.set(key, { name, creationTime: clock.now(), streams: new Map(), events: [] });
      return {};
    },
    DeleteLogGroup(input, ctx) {
      const name = resolveGroupName(input);
      if (!groups.delete(groupKey(ctx, name))) throw groupNotFound();
      return {};
    },
    CreateLogStream(input, ctx) {
      const group = getGroup(ctx, resolveGroupName(input));
      const name = checkName(str(input, 'logStreamName'), 'stream');
      if (group.streams.has(name)) throw new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
      group.streams.set(name, { name, creationTime: clock.now(), events: [] });
      return {};
    },
    DescribeLogGroups(input, ctx) {
      const prefix = str(input, 'logGroupNamePrefix');
      const pattern = str(input, 'logGroupNamePattern');
      if (prefix !== undefined && pattern !== undefined) throw invalidParameter('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
      const limit = num(input, 'limit');
      checkLimit(limit, 50);
      const identifiers = input.logGroupIdentifiers as string[] | undefined;
      const after = input.nextToken ? decodeToken<{ after: string }>(String(input.nextToken), 'g').after : undefined;
      const prefixOfKey = `${ctx.accountId}:${ctx.region}:`;
      const names = [...groups.keys()]
        .filter((k) => k.startsWith(prefixOfKey))
        .map((k) => k.slice(prefixOfKey.length))
        .filter((n) => (prefix === undefined || n.startsWith(prefix)) && (pattern === undefined || n.toLowerCase().includes(pattern.toLowerCase())))
        .filter((n) => !identifiers || identifiers.some((id) => id === n || id.endsWith(`:log-group:${n}`)))
        .sort()
        .filter((n) => after === undefined || n > after);
      const page = names.slice(0, limit ?? 50);
      return {
        logGroups: page.map((n) => describeGroup(ctx, getGroup(ctx, n))),
        ...(names.length > page.length ? { nextToken: encodeToken('g', { after: page[page.length - 1] }) } : {}),
      };
    },
    DescribeLogStreams(input, ctx) {
      const group = getGroup(ctx, resolveGroupName(input));
      const prefix = str(input, 'logStreamNamePrefix');
      const orderBy = str(input, 'orderBy') ?? 'LogStreamName';
      if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') throw constraint(orderBy, 'orderBy', 'Member must satisfy enum value set: [LogStreamName, LastEventTime]');
      if (orderBy === 'LastEventTime' && prefix !== undefined) throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
      const limit = num(input, 'limit');
      checkLimit(limit, 50);
      const offset = input.nextToken ? decodeToken<{ offset: number }>(String(input.nextToken), 's').offset : 0;
      const lastTime = (s: LogStream) => s.events[s.events.length - 1]?.timestamp ?? 0;
      const streams = [...group.streams.values()]
        .filter((s) => prefix === undefined || s.name.startsWith(prefix))
        .sort((a, b) => (orderBy === 'LastEventTime' ? lastTime(a) - lastTime(b) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      if (input.descending === true) streams.reverse();
      const page = streams.slice(offset, offset + (limit ?? 50));
      return {
        logStreams: page.map((s) => describeStream(ctx, group, s)),
        ...(offset + page.length < streams.length ? { nextToken: encodeToken('s', { offset: offset + page.length }) } : {}),
      };
    },
    PutRetentionPolicy(input, ctx) {
      const group = getGroup(ctx, resolveGroupName(input));
      const days = num(input, 'retentionInDays');
      if (days === undefined || !RETENTION_DAYS.includes(days)) {
        throw constraint(days ?? 'null', 'retentionInDays', `Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`);
      }
      group.retentionInDays = days;
      expire(group);
      return {};
    },
    DeleteRetentionPolicy(input, ctx) {
      const group = getGroup(ctx, resolveGroupName(input));
      delete group.retentionInDays;
      return {};
    },
    PutLogEvents(input, ctx) {
      const group = getGroup(ctx, resolveGroupName(input));
      const stream = group.streams.get(str(input, 'logStreamName') ?? '');
      if (!stream) throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
      const events = input.logEvents;
      if (!Array.isArray(events) || events.length === 0) throw constraint('[]', 'logEvents', 'Member must have length greater than or equal to 1');
      if (events.length > MAX_BATCH_EVENTS) throw constraint(events.length, 'logEvents', `Member must have length less than or equal to ${MAX_BATCH_EVENTS}`);
      let bytes = 0;
      let previous = -Infinity;
      for (const e of events as { timestamp?: unknown; message?: unknown }[]) {
        if (typeof e?.timestamp !== 'number' || typeof e.message !== 'string') throw invalidParameter('Each log event needs a timestamp and a message.');
        if (e.message.length === 0) throw constraint('', 'logEvents.member.message', 'Member must have length greater than or equal to 1');
        if (e.timestamp < previous) throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
        previous = e.timestamp;
        bytes += Buffer.byteLength(e.message) + PER_EVENT_OVERHEAD;
      }
      if (bytes > MAX_BATCH_BYTES) throw invalidParameter(`Upload too large: ${bytes} bytes exceeds the ${MAX_BATCH_BYTES}-byte limit of one PutLogEvents batch.`);
      const now = clock.now();
      const retentionFloor = group.retentionInDays !== undefined ? now - group.retentionInDays * DAY_MS : -Infinity;
      const typed = events as { timestamp: number; message: string }[];
      let tooOldEnd = 0;
      let expiredEnd = 0;
      let tooNewStart = typed.length;
      typed.forEach((e, i) => {
        if (e.timestamp < now - MAX_PAST_MS) tooOldEnd = i + 1;
        else if (e.timestamp < retentionFloor) expiredEnd = i + 1;
        if (e.timestamp > now + MAX_FUTURE_MS && tooNewStart === typed.length) tooNewStart = i;
      });
      const keepFrom = Math.max(tooOldEnd, expiredEnd);
      const kept = typed.slice(keepFrom, tooNewStart);
      if (kept.length > 0 && kept[kept.length - 1].timestamp - kept[0].timestamp > DAY_MS) {
        throw invalidParameter('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
      }
      for (const e of kept) {
        seq += 1;
        const event: LogEvent = { timestamp: e.timestamp, message: e.message, ingestionTime: now, stream, seq };
        insertSorted(stream.events, event);
        insertSorted(group.events, event);
      }
      stream.lastIngestionTime = now;
      if (group.events.length > MAX_EVENTS_PER_GROUP) expire(group);
      const rejected = {
        ...(tooNewStart < typed.length ? { tooNewLogEventStartIndex: tooNewStart } : {}),
        ...(tooOldEnd > 0 ? { tooOldLogEventEndIndex: tooOldEnd } : {}),
        ...(expiredEnd > 0 ? { expiredLogEventEndIndex: expiredEnd } : {}),
      };
      // Sequence tokens are ignored since 2023, but AWS still returns one.
      return { nextSequenceToken: String(seq).padStart(56, '4'), ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}) };
    },
    GetLogEvents(input, ctx) {
      const group = getGroup(ctx, resolveGroupName(input));
      const stream = group.streams.get(str(input, 'logStreamName') ?? '');
      if (!stream) throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
      const limit = num(input, 'limit');
      checkLimit(limit, 10_000);
      const size = limit ?? 10_000;
      const startTime = num(input, 'startTime') ?? -Infinity;
      const endTime = num(input, 'endTime') ?? Infinity;
      const from = lowerBound(stream.events, startTime);
      const to = lowerBound(stream.events, endTime);
      // Tokens carry positions within [from, to): `f/<first index after the page>`, `b/<first index of the page>`.
      let start: number;
      let end: number;
      const token = str(input, 'nextToken');
      if (token) {
        const forward = token.startsWith('f/');
        const { i } = decodeToken<{ i: number }>(token, forward ? 'f' : 'b');
        if (forward) {
          start = Math.max(from, i);
          end = Math.min(to, start + size);
        } else {
          end = Math.min(to, i);
          start = Math.max(from, end - size);
        }
      } else if (input.startFromHead === true) {
        start = from;
        end = Math.min(to, from + size);
      } else {
        end = to;
        start = Math.max(from, to - size);
      }
      return {
        events: stream.events.slice(start, end).map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
        // At either end the same token comes back, as on AWS.
        nextForwardToken: encodeToken('f', { i: end }),
        nextBackwardToken: encodeToken('b', { i: start }),
      };
    },
    FilterLogEvents(input, ctx) {
      const group = getGroup(ctx, resolveGroupName(input));
      const names = input.logStreamNames as string[] | undefined;
      const prefix = str(input, 'logStreamNamePrefix');
      if (names !== undefined && prefix !== undefined) throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
      if (names !== undefined && (names.length < 1 || names.length > 100)) throw constraint(names.length, 'logStreamNames', 'Member must have length between 1 and 100');
      const limit = num(input, 'limit');
      checkLimit(limit, 10_000);
      const pattern = str(input, 'filterPattern');
      if (pattern !== undefined && pattern.length > 1024) throw constraint(pattern, 'filterPattern', 'Member must have length less than or equal to 1024');
      let matches;
      try {
        matches = compileFilterPattern(pattern);
      } catch (error) {
        if (error instanceof FilterPatternError) throw invalidParameter(error.message);
        throw error;
      }
      const wanted = names ? new Set(names) : undefined;
      const startTime = num(input, 'startTime') ?? -Infinity;
      const endTime = num(input, 'endTime') ?? Infinity;
      const token = str(input, 'nextToken');
      const resume = token ? decodeToken<{ t: number; s: number }>(token, 'e') : undefined;
      let i = resume ? lowerBound(group.events, resume.t, resume.s + 1) : lowerBound(group.events, startTime);
      const size = limit ?? 10_000;
      const out: LogEvent[] = [];
      let bytes = 0;
      for (; i < group.events.length && out.length < size && bytes < MAX_BATCH_BYTES; i += 1) {
        const e = group.events[i];
        if (e.timestamp >= endTime) {
          i = group.events.length;
          break;
        }
        if (wanted && !wanted.has(e.stream.name)) continue;
        if (prefix !== undefined && !e.stream.name.startsWith(prefix)) continue;
        if (!matches(e.message)) continue;
        out.push(e);
        bytes += e.message.length;
      }
      const more = i < group.events.length && group.events[i].timestamp < endTime && out.length > 0;
      const last = out[out.length - 1];
      return {
        events: out.map((e) => ({
          logStreamName: e.stream.name,
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime: e.ingestionTime,
          eventId: String(e.seq).padStart(56, '3'),
        })),
        searchedLogStreams: [],
        ...(more && last ? { nextToken: encodeToken('e', { t: last.timestamp, s: last.seq }) } : {}),
      };
    },
    StartQuery(input, ctx) {
      const names = [
        ...(str(input, 'logGroupName') !== undefined ? [String(input.logGroupName)] : []),
        ...((input.logGroupNames as string[] | undefined) ?? []),
        ...((input.logGroupIdentifiers as string[] | undefined) ?? []).map((id) => /:log-group:(.+?)(:\*)?$/.exec(id)?.[1] ?? id),
      ];
      if (names.length === 0) throw invalidParameter('One of logGroupName, logGroupNames or logGroupIdentifiers is required.');
      for (const name of names) {
        if (!groups.has(groupKey(ctx, name))) {
          throw new AwsError(
            'ResourceNotFoundException',
            `Log group '${name}' does not exist for account ID '${ctx.accountId}' (Service: AWSLogs; Status Code: 400; Error Code: ResourceNotFoundException; Request ID: ${ctx.requestId}; Proxy: null)`,
          );
        }
      }
      const startTime = num(input, 'startTime');
      const endTime = num(input, 'endTime');
      if (startTime === undefined || endTime === undefined) throw invalidParameter('startTime and endTime are required.');
      if (endTime < startTime) throw invalidParameter('End time should not be before the start time');
      const limit = num(input, 'limit');
      checkLimit(limit, 100_000);
      const queryString = str(input, 'queryString') ?? '';
      let compiled: CompiledQuery;
      try {
        compiled = compileQuery(queryString);
      } catch (error) {
        if (!(error instanceof QuerySyntaxError)) throw error;
        throw new AwsError('MalformedQueryException', error.message);
      }
      const id = randomUUID();
      // Bounded memory: the oldest finished queries go first (AWS keeps results for 7 days).
      if (queries.size >= MAX_QUERIES) queries.delete(queries.keys().next().value as string);
      queries.set(id, {
        id,
        queryString,
        groups: names,
        startedAt: performance.now(),
        createTime: clock.now(),
        status: 'Running',
        compiled,
        startMs: startTime * 1000,
        endMs: endTime * 1000,
        limit: limit ?? 10_000,
      });
      return { queryId: id };
    },
    GetQueryResults(input, ctx) {
      const query = queries.get(str(input, 'queryId') ?? '');
      if (!query) throw new AwsError('ResourceNotFoundException', 'Query does not exist.');
      completeQuery(query, ctx);
      const result = query.result;
      return {
        queryLanguage: 'CWLI',
        results: result?.rows ?? [],
        statistics: {
          recordsMatched: result?.recordsMatched ?? 0,
          recordsScanned: result?.scanned ?? 0,
          estimatedRecordsSkipped: 0,
          bytesScanned: result?.bytes ?? 0,
          estimatedBytesSkipped: 0,
          logGroupsScanned: result ? query.groups.length : 0,
        },
        status: query.status,
      };
    },
    StopQuery(input) {
      const query = queries.get(str(input, 'queryId') ?? '');
      if (!query) throw new AwsError('ResourceNotFoundException', 'Query does not exist.');
      if (query.status !== 'Running') throw invalidParameter('Query is not running.');
      query.status = 'Cancelled';
      return { success: true };
    },
    DescribeQueries(input) {
      const status = str(input, 'status');
      return {
        queries: [...queries.values()]
          .filter((q) => status === undefined || q.status === status)
          .map((q) => ({ queryId: q.id, queryString: q.queryString, status: q.status, createTime: q.createTime, logGroupName: q.groups[0], queryLanguage: 'CWLI' })),
      };
    },
  };

  const service: JsonService & { close?: () => void } = {
    targetPrefix: TARGET_PREFIX,
    errorNamespace: 'com.amazonaws.logs',
    handle(operation, input, ctx) {
      const handler = handlers[operation];
      if (!handler) throw unknownOperation(`${TARGET_PREFIX}.${operation}`);
      return handler(input, ctx);
    },
  };
  return service;
}
