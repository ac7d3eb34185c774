import { randomBytes, randomUUID } from 'node:crypto';
import type { AttributeMap, AttributeValue } from '../core/attribute-value';
import { attributeMapSize } from '../core/attribute-value';
import { AwsError } from '../core/errors';
import type { MinuteMetrics } from '../core/minute-metrics';
import type { EmulatorDeps } from '../core/types';
import type { ItemChange, StreamTableInfo, StreamViewType } from './capture';
import { ITERATOR_TTL_MS, decodeIterator, encodeIterator } from './iterator';
import { ShardReadBudget } from './read-budget';

/** DynamoDB Streams keeps records for 24 hours (reference §4.7). */
export const RETENTION_MS = 24 * 60 * 60_000;
/** GetRecords returns at most 1000 records or 1 MB, whichever comes first (reference §4.4). */
export const MAX_RECORDS_PER_CALL = 1000;
export const MAX_BYTES_PER_CALL = 1024 * 1024;
/** How long a disabled stream shows DISABLING before DISABLED, in emulator time. */
export const DISABLING_MS = 1000;
/**
 * On the write path, trimming may run up to this late: it lets `capture` skip maintenance on most
 * writes once records start to age out. Reads always trim exactly.
 */
const TRIM_SLACK_MS = 1000;
/** The first sequence number of a stream: 21 digits, as the shortest real ones (reference §4.5). */
const SEQUENCE_BASE = 100000000000000000000n;

export type StreamStatus = 'ENABLED' | 'DISABLING' | 'DISABLED';
export type ShardIteratorType = 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';

interface WireStreamRecord {
  ApproximateCreationDateTime: number;
  Keys: AttributeMap;
  NewImage?: AttributeMap;
  OldImage?: AttributeMap;
  SequenceNumber: string;
  SizeBytes: number;
  StreamViewType: StreamViewType;
}

interface StoredRecord {
  seq: bigint;
  /** Emulator-clock milliseconds. */
  createdAt: number;
  eventID: string;
  eventName: ItemChange['eventName'];
  /** Built once at capture: GetRecords only wraps it, so a 1000-record page is a slice. */
  dynamodb: WireStreamRecord;
  userIdentity?: { PrincipalId: string; Type: string };
}

class Shard {
  /** Appended in sequence order; `records[head]` is the oldest untrimmed one. */
  records: StoredRecord[] = [];
  head = 0;
  /** Sequence number of the newest trimmed record; -1 while nothing was trimmed. */
  trimmedThrough = -1n;
  lastSeq: bigint | undefined;
  endSeq: bigint | undefined;
  closedAt: number | undefined;

  constructor(
    readonly id: string,
    readonly slot: number,
    readonly createdAt: number,
    readonly startSeq: bigint,
    readonly parentId: string | undefined,
  ) {}

  get open(): boolean {
    return this.endSeq === undefined;
  }

  get untrimmed(): number {
    return this.records.length - this.head;
  }
}

class Stream {
  /** Sorted by shard ID, which sorts by creation time: DescribeStream pages by ID. */
  shards: Shard[] = [];
  readonly shardById = new Map<string, Shard>();
  /** The open shard of each hash slot; empty once the stream is disabled. */
  open: Shard[] = [];
  /** One counter per stream: numbers increase across every shard, so parents end below children. */
  counter: bigint;
  disabledAt: number | undefined;
  /** Emulator time at which `capture` must run maintenance (rollover or trimming) first. */
  nextDueAt = Infinity;
  readonly hashKey: string;

  constructor(
    readonly arn: string,
    readonly label: string,
    readonly createdAt: number,
    readonly table: StreamTableInfo,
    readonly viewType: StreamViewType,
  ) {
    this.counter = SEQUENCE_BASE + BigInt(Math.floor(Math.random() * 1_000_000));
    this.hashKey = table.keySchema.find((k) => k.KeyType === 'HASH')?.AttributeName ?? table.keySchema[0]?.AttributeName ?? '';
  }

  /** Sequence numbers are not contiguous on AWS; a small random step keeps consumers honest. */
  nextSeq(): bigint {
    this.counter += BigInt(1 + ((Math.random() * 8) | 0));
    return this.counter;
  }

  status(now: number): StreamStatus {
    if (this.disabledAt === undefined) return 'ENABLED';
    return now - this.disabledAt < DISABLING_MS ? 'DISABLING' : 'DISABLED';
  }
}

/** `shardId-<20-digit epoch ms>-<8 hex>`, 37 characters (model: 28–65). */
function shardIdAt(ms: number): string {
  return `shardId-${String(ms).padStart(20, '0')}-${randomBytes(4).toString('hex')}`;
}

function notFoundStream(arn: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Requested resource not found: Stream: ${arn} not found`);
}

function notFoundShard(shardId: string, arn: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Requested resource not found: Shard: ${shardId} in Stream: ${arn} not found`);
}

function trimmed(): AwsError {
  return new AwsError(
    'TrimmedDataAccessException',
    'The operation attempted to read past the oldest stream record in a shard: records older than 24 hours have been trimmed.',
  );
}

/** FNV-1a: a stable, cheap hash so one partition key always lands in the same shard. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The partition-key value as a string, with `1` and `1.0` (the same DynamoDB key) alike. */
function keyText(value: AttributeValue | undefined): string {
  if (!value) return '';
  if ('N' in value) return `N${Number(value.N)}`;
  if ('S' in value) return `S${value.S}`;
  if ('B' in value) return `B${value.B}`;
  return JSON.stringify(value);
}

/**
 * Copies a map the store keeps: DynamoDB hands over its live images, and a later in-place update
 * of the table's item must not rewrite history.
 */
/** A record's eventID: 32 hex digits (a UUID without its dashes, cut rather than matched by a RegExp). */
function eventId(): string {
  const u = randomUUID();
  return u.slice(0, 8) + u.slice(9, 13) + u.slice(14, 18) + u.slice(19, 23) + u.slice(24);
}

function cloneMap(map: AttributeMap): AttributeMap {
  const out: AttributeMap = {};
  for (const name in map) out[name] = cloneValue(map[name]);
  return out;
}

function cloneValue(value: AttributeValue): AttributeValue {
  if ('S' in value) return { S: value.S };
  if ('N' in value) return { N: value.N };
  if ('B' in value) return { B: value.B };
  if ('BOOL' in value) return { BOOL: value.BOOL };
  if ('NULL' in value) return { NULL: true };
  if ('M' in value) return { M: cloneMap(value.M) };
  if ('L' in value) return { L: value.L.map(cloneValue) };
  if ('SS' in value) return { SS: [...value.SS] };
  if ('NS' in value) return { NS: [...value.NS] };
  if ('BS' in value) return { BS: [...value.BS] };
  return value;
}

/** First index in [from, records.length) whose sequence number is ≥ seq. */
function lowerBound(records: StoredRecord[], from: number, seq: bigint): number {
  let lo = from;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (records[mid].seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface ShardDescription {
  ShardId: string;
  SequenceNumberRange: { StartingSequenceNumber: string; EndingSequenceNumber?: string };
  ParentShardId?: string;
}

/**
 * Every DynamoDB stream of one emulator: records, shards and their lineage, and the time-based
 * behaviour (rollover, 24 h trimming, iterator expiry) evaluated lazily against the emulator clock.
 */
export class StreamStore {
  /** Insertion order is creation order, which ListStreams pages through. */
  private readonly streams = new Map<string, Stream>();
  private readonly budget: ShardReadBudget;

  constructor(
    private readonly deps: EmulatorDeps,
    /** Where `AWS/DynamoDB` `ReturnedRecordsCount` of GetRecords goes, per minute. */
    private readonly metrics?: MinuteMetrics,
  ) {
    this.budget = new ShardReadBudget(deps.config.shardReadRate);
  }

  // ---- the DynamoDB side (StreamCapture) ----

  /** Opens `shardsPerStream` shards for a new stream and returns its ARN and label. */
  createStream(table: StreamTableInfo, viewType: StreamViewType): { streamArn: string; streamLabel: string } {
    let createdAt = this.deps.clock.now();
    let label: string;
    let arn: string;
    // A label is only unique per table; re-enabling within one millisecond must still give a new ARN.
    do {
      label = new Date(createdAt).toISOString().slice(0, -1);
      arn = `arn:aws:dynamodb:${table.region}:${table.accountId}:table/${table.tableName}/stream/${label}`;
      if (this.streams.has(arn)) createdAt++;
    } while (this.streams.has(arn));
    const stream = new Stream(arn, label, createdAt, { ...table, keySchema: table.keySchema.map((k) => ({ ...k })) }, viewType);
    const count = Math.max(1, Math.floor(this.deps.config.shardsPerStream));
    for (let slot = 0; slot < count; slot++) stream.open.push(this.addShard(stream, slot, createdAt, undefined));
    this.sortShards(stream);
    stream.nextDueAt = this.rolloverDue(createdAt);
    this.streams.set(arn, stream);
    return { streamArn: arn, streamLabel: label };
  }

  /** Closes the open shards; the records stay readable until trimmed, then the stream goes away. */
  disableStream(streamArn: string): void {
    const stream = this.streams.get(streamArn);
    if (!stream || stream.disabledAt !== undefined) return;
    const now = this.deps.clock.now();
    this.maintain(stream, now);
    stream.disabledAt = now;
    for (const shard of stream.open) this.closeShard(stream, shard, now);
    stream.open = [];
  }

  /** Appends one record, keeping only the images the view type allows. O(1) amortised. */
  capture(streamArn: string, change: ItemChange): void {
    const stream = this.streams.get(streamArn);
    // A disabled stream records nothing; an unknown ARN is not the writer's failure to report.
    if (!stream || stream.disabledAt !== undefined) return;
    const now = this.deps.clock.now();
    if (now >= stream.nextDueAt) this.maintain(stream, now);
    const shard = stream.open.length === 1 ? stream.open[0] : stream.open[hashString(keyText(change.keys[stream.hashKey])) % stream.open.length];

    const view = stream.viewType;
    // An immutable change (DynamoDB's own writes) is kept as given; anything else is copied.
    const keep = change.immutable ? (map: AttributeMap) => map : cloneMap;
    const keys = keep(change.keys);
    const newImage = change.newImage && (view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES') ? keep(change.newImage) : undefined;
    const oldImage = change.oldImage && (view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES') ? keep(change.oldImage) : undefined;
    const seq = stream.nextSeq();
    const dynamodb: WireStreamRecord = { ApproximateCreationDateTime: Math.floor(now / 1000), Keys: keys } as WireStreamRecord;
    if (newImage) dynamodb.NewImage = newImage;
    if (oldImage) dynamodb.OldImage = oldImage;
    dynamodb.SequenceNumber = seq.toString();
    dynamodb.SizeBytes =
      attributeMapSize(keys) +
      (newImage ? (change.newImageSize ?? attributeMapSize(newImage)) : 0) +
      (oldImage ? (change.oldImageSize ?? attributeMapSize(oldImage)) : 0);
    dynamodb.StreamViewType = view;

    const record: StoredRecord = { seq, createdAt: now, eventID: eventId(), eventName: change.eventName, dynamodb };
    if (change.userIdentity) record.userIdentity = { PrincipalId: change.userIdentity.PrincipalId, Type: change.userIdentity.Type };
    shard.records.push(record);
    shard.lastSeq = seq;
    if (now + RETENTION_MS + TRIM_SLACK_MS < stream.nextDueAt) stream.nextDueAt = now + RETENTION_MS + TRIM_SLACK_MS;
  }

  /** The stream's status for DescribeTable; undefined once it is gone. */
  streamStatus(streamArn: string): StreamStatus | undefined {
    const stream = this.live(streamArn);
    return stream?.status(this.deps.clock.now());
  }

  // ---- the Streams API ----

  /** ListStreams: streams oldest first, optionally of one table; the page ends without a marker. */
  listStreams(input: { tableName?: string; limit: number; exclusiveStartStreamArn?: string }) {
    const now = this.deps.clock.now();
    this.maintainAll(now);
    const all = [...this.streams.values()].filter((s) => input.tableName === undefined || s.table.tableName === input.tableName);
    let start = 0;
    if (input.exclusiveStartStreamArn !== undefined) {
      const at = all.findIndex((s) => s.arn === input.exclusiveStartStreamArn);
      if (at < 0) throw notFoundStream(input.exclusiveStartStreamArn);
      start = at + 1;
    }
    const page = all.slice(start, start + input.limit);
    const out: { Streams: { StreamArn: string; TableName: string; StreamLabel: string }[]; LastEvaluatedStreamArn?: string } = {
      Streams: page.map((s) => ({ StreamArn: s.arn, TableName: s.table.tableName, StreamLabel: s.label })),
    };
    if (start + input.limit < all.length) out.LastEvaluatedStreamArn = page[page.length - 1].arn;
    return out;
  }

  /** DescribeStream: the stream and one page of its shards, or only the children of one shard. */
  describeStream(input: { streamArn: string; limit: number; exclusiveStartShardId?: string; childrenOf?: string }) {
    const now = this.deps.clock.now();
    const stream = this.require(input.streamArn, now);
    let shards = stream.shards;
    if (input.childrenOf !== undefined) shards = shards.filter((s) => s.parentId === input.childrenOf);
    // Shard IDs sort by creation time, so "after this ID" stays well defined even when the
    // shard named has since been trimmed away; the named shard itself is excluded (localstack#6158).
    const after = input.exclusiveStartShardId;
    const start = after === undefined ? 0 : shards.findIndex((s) => s.id > after);
    const page = start < 0 ? [] : shards.slice(start, start + input.limit);
    const description: Record<string, unknown> = {
      StreamArn: stream.arn,
      StreamLabel: stream.label,
      StreamStatus: stream.status(now),
      StreamViewType: stream.viewType,
      CreationRequestDateTime: stream.createdAt / 1000,
      TableName: stream.table.tableName,
      KeySchema: stream.table.keySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
      Shards: page.map(describeShard),
    };
    if (start >= 0 && start + input.limit < shards.length) description.LastEvaluatedShardId = page[page.length - 1].id;
    return { StreamDescription: description };
  }

  /** GetShardIterator: a new iterator chain positioned by type; trimmed positions are refused. */
  getShardIterator(input: { streamArn: string; shardId: string; type: ShardIteratorType; sequenceNumber?: bigint }) {
    const now = this.deps.clock.now();
    const stream = this.require(input.streamArn, now);
    const shard = stream.shardById.get(input.shardId);
    if (!shard) throw notFoundShard(input.shardId, input.streamArn);
    let position: bigint;
    switch (input.type) {
      case 'TRIM_HORIZON':
        position = shard.untrimmed > 0 ? shard.records[shard.head].seq : maxBig(shard.startSeq, shard.trimmedThrough + 1n);
        break;
      case 'LATEST':
        // Every later record of this shard gets a number above the stream's counter.
        position = shard.open ? stream.counter + 1n : (shard.endSeq as bigint) + 1n;
        break;
      case 'AT_SEQUENCE_NUMBER':
      case 'AFTER_SEQUENCE_NUMBER': {
        const seq = input.sequenceNumber as bigint;
        const last = shard.open ? stream.counter : (shard.endSeq as bigint);
        if (seq < shard.startSeq || seq > last) {
          throw new AwsError('ValidationException', `Invalid SequenceNumber ${seq} for shard ${shard.id}: it is outside the shard's sequence number range`);
        }
        position = input.type === 'AT_SEQUENCE_NUMBER' ? seq : seq + 1n;
        if (position <= shard.trimmedThrough) throw trimmed();
        break;
      }
    }
    const chainId = randomBytes(8).toString('hex');
    return { ShardIterator: encodeIterator(stream.arn, { shardId: shard.id, position, issuedAt: now, chainId }) };
  }

  /**
   * GetRecords: a binary search and a slice of at most `limit` records and 1 MB from the
   * iterator's position, plus a fresh iterator in the same chain unless the shard is closed and read.
   */
  getRecords(input: { shardIterator: string; limit: number; region: string; appId?: string }) {
    const decoded = decodeIterator(input.shardIterator);
    if (!decoded) throw new AwsError('ValidationException', 'Invalid ShardIterator');
    const { streamArn, state } = decoded;
    const now = this.deps.clock.now();
    if (now - state.issuedAt > ITERATOR_TTL_MS) throw new AwsError('ExpiredIteratorException', 'Shard iterator has expired');
    const stream = this.require(streamArn, now);
    const shard = stream.shardById.get(state.shardId);
    if (!shard) throw notFoundShard(state.shardId, streamArn);
    if (state.position <= shard.trimmedThrough) throw trimmed();

    // Throttled by load: the shard's budget of GetRecords calls (read-budget.ts), whoever calls.
    const served = !this.deps.config.readerLimit || this.budget.take(shard.id);
    this.deps.stats.recordGetRecords(shard.id, state.chainId, input.appId ?? 'unknown', !served);
    if (!served) {
      throw new AwsError(
        'LimitExceededException',
        `Too many reads of shard ${shard.id} at the same time: more than two processes reading one shard may be throttled. Retry after a short backoff.`,
      );
    }
    this.deps.stats.touchReader(shard.id, state.chainId);

    const records = shard.records;
    const first = lowerBound(records, shard.head, state.position);
    const limit = Math.min(input.limit, MAX_RECORDS_PER_CALL);
    let end = first;
    let bytes = 0;
    while (end < records.length && end - first < limit) {
      const size = records[end].dynamodb.SizeBytes;
      if (end > first && bytes + size > MAX_BYTES_PER_CALL) break;
      bytes += size;
      end++;
    }
    if (this.metrics) {
      // AWS documents it for Operation=GetRecords with the TableName and StreamLabel dimensions
      // (reference part 2 §6.1, the DynamoDB metrics-dimensions page): every caller's reads count,
      // so two consumers of a stream double it. A throttled call returns nothing and counts nothing.
      const dimensions = [
        { Name: 'Operation', Value: 'GetRecords' },
        { Name: 'StreamLabel', Value: stream.label },
        { Name: 'TableName', Value: stream.table.tableName },
      ];
      this.metrics.add('AWS/DynamoDB', 'ReturnedRecordsCount', dimensions, 'Count', end - first, now);
    }
    const out: { Records: unknown[]; NextShardIterator?: string } = { Records: new Array(end - first) };
    for (let i = first; i < end; i++) out.Records[i - first] = toWire(records[i], input.region);
    // A closed shard that has been read to its end has no next iterator: that absence is how a
    // consumer learns to move on to the children (reference §0.10). An open shard's chain is endless.
    if (!shard.open && end >= records.length) return out;
    const next = end > first ? records[end - 1].seq + 1n : state.position;
    out.NextShardIterator = encodeIterator(stream.arn, { shardId: shard.id, position: next, issuedAt: now, chainId: state.chainId });
    return out;
  }

  // ---- time ----

  /** Runs rollover and trimming on every stream: on `POST /_eddy/clock` and on a slow timer. */
  maintainAll(now: number): void {
    for (const stream of this.streams.values()) this.maintain(stream, now);
  }

  /** Untrimmed records across all streams (trimmed ones are released at once), for tests and benchmarks. */
  retainedRecords(): number {
    let n = 0;
    for (const stream of this.streams.values()) for (const shard of stream.shards) n += shard.untrimmed;
    return n;
  }

  private live(arn: string): Stream | undefined {
    const stream = this.streams.get(arn);
    if (!stream) return undefined;
    this.maintain(stream, this.deps.clock.now());
    return this.streams.get(arn);
  }

  private require(arn: string, now: number): Stream {
    const stream = this.streams.get(arn);
    if (!stream) throw notFoundStream(arn);
    this.maintain(stream, now);
    if (!this.streams.has(arn)) throw notFoundStream(arn);
    return stream;
  }

  private rolloverDue(createdAt: number): number {
    return createdAt + this.deps.config.shardRolloverMinutes * 60_000;
  }

  private addShard(stream: Stream, slot: number, createdAt: number, parentId: string | undefined): Shard {
    let id = shardIdAt(createdAt);
    while (stream.shardById.has(id)) id = shardIdAt(createdAt);
    const shard = new Shard(id, slot, createdAt, stream.nextSeq(), parentId);
    stream.shards.push(shard);
    stream.shardById.set(id, shard);
    return shard;
  }

  private closeShard(stream: Stream, shard: Shard, at: number): void {
    // With no records the range still has to end below the child's first number.
    shard.endSeq = shard.lastSeq ?? stream.counter;
    shard.closedAt = at;
  }

  private sortShards(stream: Stream): void {
    stream.shards.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Rollover, trimming and removal of what has aged out; then when this must next run. */
  private maintain(stream: Stream, now: number): void {
    const rolloverMs = this.deps.config.shardRolloverMinutes * 60_000;
    let changed = false;
    if (rolloverMs > 0) {
      for (let slot = 0; slot < stream.open.length; slot++) {
        const shard = stream.open[slot];
        const age = now - shard.createdAt;
        if (age < rolloverMs) continue;
        // One child per evaluation even if the clock jumped several periods: the generations
        // in between would have been empty, and a jump of days must not create thousands of shards.
        const periods = Math.floor(age / rolloverMs);
        this.closeShard(stream, shard, shard.createdAt + rolloverMs);
        stream.open[slot] = this.addShard(stream, slot, shard.createdAt + periods * rolloverMs, shard.id);
        changed = true;
      }
    }

    const cutoff = now - RETENTION_MS;
    let next = Infinity;
    let removed = false;
    for (const shard of stream.shards) {
      const records = shard.records;
      let head = shard.head;
      while (head < records.length && records[head].createdAt <= cutoff) {
        shard.trimmedThrough = records[head].seq;
        // Released now; the array slot itself goes at the next compaction.
        (records as (StoredRecord | undefined)[])[head] = undefined;
        head++;
      }
      if (head > shard.head) {
        shard.head = head;
        // Compacting only when the dead prefix dominates keeps trimming O(1) amortised.
        if (head === records.length) {
          shard.records = [];
          shard.head = 0;
        } else if (head >= 1024 && head * 2 >= records.length) {
          shard.records = records.slice(head);
          shard.head = 0;
        }
      }
      if (!shard.open && this.isGone(shard, cutoff)) {
        removed = true;
        continue;
      }
      if (shard.untrimmed > 0) next = Math.min(next, shard.records[shard.head].createdAt + RETENTION_MS + TRIM_SLACK_MS);
      else if (!shard.open) next = Math.min(next, (shard.closedAt as number) + RETENTION_MS + TRIM_SLACK_MS);
    }
    if (removed) {
      stream.shards = stream.shards.filter((shard) => {
        if (shard.open || !this.isGone(shard, cutoff)) return true;
        stream.shardById.delete(shard.id);
        return false;
      });
    }
    if (changed) this.sortShards(stream);
    if (stream.disabledAt !== undefined && stream.shards.length === 0) {
      this.streams.delete(stream.arn);
      return;
    }
    if (rolloverMs > 0) for (const shard of stream.open) next = Math.min(next, shard.createdAt + rolloverMs);
    stream.nextDueAt = next;
  }

  /** A closed shard disappears once all its records are trimmed (an empty one, 24 h after closing). */
  private isGone(shard: Shard, cutoff: number): boolean {
    if (shard.untrimmed > 0) return false;
    return shard.lastSeq !== undefined || (shard.closedAt as number) <= cutoff;
  }
}

function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function describeShard(shard: Shard): ShardDescription {
  const range: ShardDescription['SequenceNumberRange'] = { StartingSequenceNumber: shard.startSeq.toString() };
  if (shard.endSeq !== undefined) range.EndingSequenceNumber = shard.endSeq.toString();
  const out: ShardDescription = { ShardId: shard.id, SequenceNumberRange: range };
  if (shard.parentId !== undefined) out.ParentShardId = shard.parentId;
  return out;
}

function toWire(record: StoredRecord, region: string) {
  const out: Record<string, unknown> = {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: record.dynamodb,
  };
  if (record.userIdentity) out.userIdentity = record.userIdentity;
  return out;
}
