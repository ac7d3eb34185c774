import { compareSequenceNumbers } from '../streams/position';
import type { FailureRecordParse, OnFailureRecord } from '../types/traces';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

/** The record versions Lambda has documented; others are read field by field, with a warning. */
const KNOWN_VERSIONS = new Set(['1.0']);
const SEQUENCE = /^\d{1,40}$/;
/** A body that mentions any of these is taken for a (maybe damaged) on-failure record. */
const MARKERS = /"(DDBStreamBatchInfo|KinesisBatchInfo|requestContext)"\s*:/;

/** `table/<name>/stream/<label>` → the table name of a DynamoDB stream ARN. */
export function tableOfStreamArn(arn: string | undefined): string | undefined {
  const m = arn ? /:table\/([^/]+)\/stream\//.exec(arn) : null;
  return m ? m[1] : undefined;
}

/** `arn:aws:lambda:…:function:name[:alias]` → `name`. */
export function functionNameOf(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const m = /:function:([^:]+)/.exec(arn);
  return m ? m[1] : arn;
}

/**
 * Reads a Lambda on-failure destination record (reference §6.1) from an SQS message body without
 * ever throwing. A well-formed `DDBStreamBatchInfo` record gives every field and `resolvable`;
 * a `KinesisBatchInfo` record, another `version`, missing fields, or JSON cut short (a body
 * truncated on its way) give what could be read and `problems` saying what could not, so a trace
 * can still show a readable part. Anything that is not such a record gives `not_failure_record`.
 */
export function parseFailureRecord(body: string): FailureRecordParse {
  let doc: unknown;
  let salvaged = false;
  try {
    doc = JSON.parse(body);
  } catch {
    if (!MARKERS.test(body)) return { kind: 'not_failure_record', reason: 'The body is not JSON.' };
    doc = salvage(body);
    salvaged = true;
  }
  if (!isObject(doc)) return { kind: 'not_failure_record', reason: 'The body is JSON but not an object.' };
  const ddb = doc.DDBStreamBatchInfo;
  const kinesis = doc.KinesisBatchInfo;
  if (!isObject(doc.requestContext) && !isObject(ddb) && !isObject(kinesis)) {
    return { kind: 'not_failure_record', reason: 'The body has neither requestContext nor DDBStreamBatchInfo.' };
  }

  const problems: string[] = [];
  if (salvaged) problems.push('The body is not complete JSON (cut short or damaged): the fields below were read from what is there.');
  const request = isObject(doc.requestContext) ? doc.requestContext : {};
  const response = isObject(doc.responseContext) ? doc.responseContext : undefined;
  const batch = isObject(ddb) ? ddb : isObject(kinesis) ? kinesis : {};
  const source: OnFailureRecord['source'] = isObject(ddb) ? 'dynamodb' : isObject(kinesis) ? 'kinesis' : 'unknown';

  const record: OnFailureRecord = {
    source,
    version: text(doc.version),
    requestId: text(request.requestId),
    functionArn: text(request.functionArn),
    condition: text(request.condition),
    approximateInvokeCount: num(request.approximateInvokeCount),
    functionError: text(response?.functionError),
    statusCode: num(response?.statusCode),
    executedVersion: text(response?.executedVersion),
    timestamp: text(doc.timestamp),
    streamArn: text(batch.streamArn),
    shardId: text(batch.shardId),
    startSequenceNumber: text(batch.startSequenceNumber),
    endSequenceNumber: text(batch.endSequenceNumber),
    batchSize: num(batch.batchSize),
    firstArrival: text(batch.approximateArrivalOfFirstRecord),
    lastArrival: text(batch.approximateArrivalOfLastRecord),
  };
  record.functionName = functionNameOf(record.functionArn);
  record.table = source === 'dynamodb' ? tableOfStreamArn(record.streamArn) : undefined;

  if (record.version === undefined) problems.push('The record has no version.');
  else if (!KNOWN_VERSIONS.has(record.version)) problems.push(`Record version ${record.version} is not one Eddy knows (1.0): fields were read by name and may mean something else.`);
  if (source === 'kinesis') problems.push('This is a Kinesis batch (KinesisBatchInfo), not a DynamoDB stream batch: Eddy reads DynamoDB Streams only, so its records are not resolved.');
  if (source === 'unknown') problems.push('The record has no DDBStreamBatchInfo: which stream records failed is not said.');
  if (!record.functionArn) problems.push('requestContext.functionArn is missing: the failing function is unknown.');
  if (!record.condition) problems.push('requestContext.condition is missing.');
  if (source === 'dynamodb') {
    const missing = (['streamArn', 'shardId', 'startSequenceNumber', 'endSequenceNumber'] as const).filter((f) => !record[f]);
    if (missing.length > 0) problems.push(`DDBStreamBatchInfo lacks ${missing.join(', ')}: the failed records cannot be looked up.`);
    for (const f of ['startSequenceNumber', 'endSequenceNumber'] as const) {
      const value = record[f];
      if (value && !SEQUENCE.test(value)) {
        problems.push(`${f} “${value}” is not a sequence number (digits only).`);
        record[f] = undefined;
      }
    }
    if (record.streamArn && !record.table) problems.push(`streamArn “${record.streamArn}” is not a DynamoDB stream ARN.`);
    if (record.startSequenceNumber && record.endSequenceNumber && compareSequenceNumbers(record.startSequenceNumber, record.endSequenceNumber) > 0) {
      problems.push('startSequenceNumber is after endSequenceNumber: the range is empty.');
    }
  }
  const resolvable =
    source === 'dynamodb' &&
    Boolean(record.streamArn && record.table && record.shardId && record.startSequenceNumber && record.endSequenceNumber) &&
    compareSequenceNumbers(record.startSequenceNumber as string, record.endSequenceNumber as string) <= 0;
  return { kind: 'failure_record', record, problems, resolvable, salvaged };
}

/**
 * What can be read from JSON cut short: every complete `"name": "string"` or `"name": number`
 * pair, put back under the section it appeared in (requestContext, responseContext, the batch).
 */
function salvage(body: string): Json {
  const out: Json = {};
  const sections: [string, RegExp][] = [
    ['requestContext', /"requestContext"\s*:\s*\{/],
    ['responseContext', /"responseContext"\s*:\s*\{/],
    ['DDBStreamBatchInfo', /"DDBStreamBatchInfo"\s*:\s*\{/],
    ['KinesisBatchInfo', /"KinesisBatchInfo"\s*:\s*\{/],
  ];
  const starts = sections.map(([name, re]) => ({ name, index: body.search(re) })).filter((s) => s.index >= 0);
  starts.sort((a, b) => a.index - b.index);
  for (const s of starts) out[s.name] = {};
  const pair = /"([A-Za-z]+)"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?))(?=\s*[,}])/g;
  for (const m of body.matchAll(pair)) {
    const index = m.index ?? 0;
    // The section a pair belongs to is the last one opened before it; top-level pairs otherwise.
    const owner = [...starts].reverse().find((s) => s.index < index && !isClosedBefore(body, s.index, index));
    const value = m[2] !== undefined ? m[2] : Number(m[3]);
    const target = owner ? (out[owner.name] as Json) : out;
    if (!(m[1] in target)) target[m[1]] = value;
  }
  return out;
}

/** Whether the object opened at `open` closes before `at` (braces inside strings are not expected here). */
function isClosedBefore(body: string, open: number, at: number): boolean {
  let depth = 0;
  for (let i = body.indexOf('{', open); i < at; i++) {
    if (body[i] === '{') depth++;
    else if (body[i] === '}') {
      depth--;
      if (depth === 0) return true;
    }
  }
  return false;
}
