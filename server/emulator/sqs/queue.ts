import { randomBytes } from 'node:crypto';
import type { MessageAttributeValue } from './md5';
import { Deque, MinHeap } from './structures';
import { DEFAULT_ATTRIBUTES, FIFO_DEFAULT_ATTRIBUTES, parseRedriveAllowPolicy, parseRedrivePolicy, type RedriveAllowPolicy, type RedrivePolicy } from './validation';

export type MessageState = 'delayed' | 'visible' | 'inflight' | 'gone';

/** One message as a queue holds it. A move to another queue creates a fresh record. */
export interface StoredMessage {
  id: string;
  body: string;
  md5OfBody: string;
  attributes?: Record<string, MessageAttributeValue>;
  md5OfAttributes?: string;
  systemAttributes?: Record<string, MessageAttributeValue>;
  md5OfSystemAttributes?: string;
  /** Bytes counted against MaximumMessageSize. */
  size: number;
  senderId: string;
  /** `SentTimestamp`, emulator epoch ms; kept across dead-lettering. */
  sentAt: number;
  /** When it reached this queue (send, dead-letter move or redrive): the age metric counts from here. */
  arrivedAt: number;
  /** Retention counts from here: the original send for a standard DLQ, the move for a FIFO one. */
  retentionBase: number;
  receiveCount: number;
  firstReceiveAt?: number;
  groupId?: string;
  deduplicationId?: string;
  sequenceNumber?: string;
  deadLetterSourceArn?: string;

  state: MessageState;
  /** When a delayed or in-flight message becomes visible. */
  visibleAt: number;
  /** Bumped on every transition so heap entries of an older transition are recognised as stale. */
  epoch: number;
  /** The token of the latest receipt handle; only it deletes or changes visibility. */
  receiptToken?: string;
}

interface TimerEntry {
  at: number;
  message: StoredMessage;
  epoch: number;
}

interface Group {
  id: string;
  /** Every live message of the group in sequence order, whatever its state. */
  messages: Deque<StoredMessage>;
  inflight: number;
}

/** Per-minute activity counters for the `AWS/SQS` count metrics. */
export interface MinuteCounts {
  sent: number;
  received: number;
  deleted: number;
  emptyReceives: number;
}

/** Receipt tokens only need to be unguessable enough not to collide; a counter keeps them cheap. */
const tokenPrefix = randomBytes(4).toString('hex');
let tokenCounter = 0;

/** `base64("<messageId>:<token>")`; anything else is ReceiptHandleIsInvalid. */
export function encodeReceiptHandle(messageId: string, token: string): string {
  return Buffer.from(`${messageId}:${token}`, 'utf8').toString('base64');
}

/** The message id and token of a receipt handle, or undefined when it is malformed (ReceiptHandleIsInvalid). */
export function decodeReceiptHandle(handle: unknown): { messageId: string; token: string } | undefined {
  if (typeof handle !== 'string' || handle.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(handle)) return undefined;
  const match = /^([0-9a-f-]{36}):([0-9a-f]{8}-\d+)$/.exec(Buffer.from(handle, 'base64').toString('utf8'));
  return match ? { messageId: match[1], token: match[2] } : undefined;
}

/**
 * One SQS queue. Standard queues keep visible messages in a deque; FIFO queues keep each
 * group's messages in order. Delays and visibility timeouts sit in a min-heap by the time they
 * end, retention in a min-heap by its base, so no operation scans the whole backlog.
 */
export class Queue {
  readonly fifo: boolean;
  readonly arn: string;
  readonly key: string;
  readonly createdAt: number;
  lastModifiedAt: number;
  /** Settable attributes with their current values (defaults included). */
  attributes: Record<string, string>;
  redrivePolicy?: RedrivePolicy;
  redriveAllowPolicy?: RedriveAllowPolicy;
  tags: Record<string, string> = {};
  lastPurgeAt?: number;
  deleted = false;

  /** Live messages by id, in arrival order: the first is the oldest for the age metric. */
  readonly byId = new Map<string, StoredMessage>();
  private readonly visible = new Deque<StoredMessage>();
  private readonly groups = new Map<string, Group>();
  private readonly timers = new MinHeap<TimerEntry>((e) => e.at);
  private readonly expiry = new MinHeap<StoredMessage>((m) => m.retentionBase);
  readonly counts = { visible: 0, inflight: 0, delayed: 0 };
  /** FIFO deduplication ids seen in the last 5 minutes, in insertion (= time) order. */
  readonly dedup = new Map<string, { at: number; messageId: string; sequenceNumber?: string }>();
  /** FIFO ReceiveRequestAttemptIds of the last 5 minutes and what they returned, for retried receives. */
  readonly receiveAttempts = new Map<string, { at: number; messages: StoredMessage[]; tokens: string[] }>();
  /** Long polls waiting for a message. */
  readonly waiters = new Set<() => void>();
  /** Activity per emulator-clock minute (epoch minute index), drained by the metrics publisher. */
  readonly minutes = new Map<number, MinuteCounts>();
  lastMetricMinute: number;

  constructor(
    readonly name: string,
    readonly accountId: string,
    readonly region: string,
    now: number,
  ) {
    this.fifo = name.endsWith('.fifo');
    this.arn = `arn:aws:sqs:${region}:${accountId}:${name}`;
    this.key = `${accountId}/${name}`;
    this.createdAt = now;
    this.lastModifiedAt = now;
    this.attributes = { ...DEFAULT_ATTRIBUTES, ...(this.fifo ? FIFO_DEFAULT_ATTRIBUTES : {}) };
    this.lastMetricMinute = Math.floor(now / 60_000) - 1;
  }

  attribute(name: string): number {
    return Number(this.attributes[name]);
  }

  /** Applies validated attributes; RedrivePolicy and RedriveAllowPolicy are parsed, "" clears them. */
  applyAttributes(attributes: Record<string, string>, now: number): void {
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'FifoQueue') continue;
      if (name === 'RedrivePolicy') {
        this.redrivePolicy = value === '' ? undefined : parseRedrivePolicy(value);
        if (this.redrivePolicy) this.attributes.RedrivePolicy = JSON.stringify(this.redrivePolicy);
        else delete this.attributes.RedrivePolicy;
        continue;
      }
      if (name === 'RedriveAllowPolicy') {
        this.redriveAllowPolicy = value === '' ? undefined : parseRedriveAllowPolicy(value);
        if (this.redriveAllowPolicy) this.attributes.RedriveAllowPolicy = JSON.stringify(this.redriveAllowPolicy);
        else delete this.attributes.RedriveAllowPolicy;
        continue;
      }
      if ((name === 'Policy' || name === 'KmsMasterKeyId') && value === '') delete this.attributes[name];
      else this.attributes[name] = value;
      if (name === 'KmsMasterKeyId' && value !== '' && this.attributes.KmsDataKeyReusePeriodSeconds === undefined) {
        this.attributes.KmsDataKeyReusePeriodSeconds = '300';
      }
    }
    this.lastModifiedAt = now;
  }

  minute(now: number): MinuteCounts {
    const m = Math.floor(now / 60_000);
    let counts = this.minutes.get(m);
    if (!counts) this.minutes.set(m, (counts = { sent: 0, received: 0, deleted: 0, emptyReceives: 0 }));
    return counts;
  }

  private setState(message: StoredMessage, state: MessageState): void {
    const old = message.state;
    if (old === state) return;
    if (old !== 'gone') this.counts[old]--;
    if (state !== 'gone') this.counts[state]++;
    if (this.fifo && message.groupId !== undefined) {
      const group = this.groups.get(message.groupId);
      if (group) {
        if (old === 'inflight') group.inflight--;
        if (state === 'inflight') group.inflight++;
      }
    }
    message.state = state;
    message.epoch++;
  }

  /** Adds a message that is new to this queue; it is delayed until `visibleAt` if that is later than now. */
  enqueue(message: StoredMessage, now: number): void {
    message.state = 'gone';
    message.epoch = 0;
    this.byId.set(message.id, message);
    this.expiry.push(message);
    if (this.fifo) {
      const groupId = message.groupId ?? '';
      let group = this.groups.get(groupId);
      if (!group) this.groups.set(groupId, (group = { id: groupId, messages: new Deque(), inflight: 0 }));
      group.messages.push(message);
    }
    if (message.visibleAt > now) {
      this.setState(message, 'delayed');
      this.timers.push({ at: message.visibleAt, message, epoch: message.epoch });
    } else {
      this.makeVisible(message);
    }
  }

  private makeVisible(message: StoredMessage): void {
    this.setState(message, 'visible');
    if (!this.fifo) this.visible.push(message);
  }

  /** Removes a message for good (deleted, expired, purged or moved). */
  remove(message: StoredMessage): void {
    if (message.state === 'gone') return;
    this.setState(message, 'gone');
    this.byId.delete(message.id);
    if (this.fifo) this.compactGroup(message.groupId ?? '');
    this.dropStaleHeapEntries();
  }

  /**
   * Heap entries of deleted messages are skipped lazily, but the retention heap would otherwise
   * hold every deleted message (and its body) for the whole retention period, 4 days by default.
   * Rebuilding once stale entries outnumber live ones keeps memory proportional to the backlog
   * at an amortised O(log n) per delete.
   */
  private dropStaleHeapEntries(): void {
    const live = this.byId.size;
    if (this.expiry.size > 2 * live + 1024) this.expiry.rebuild(this.byId.values());
    const pending = this.counts.delayed + this.counts.inflight;
    if (this.timers.size > 2 * pending + 1024) {
      const entries: TimerEntry[] = [];
      for (const message of this.byId.values()) {
        if (message.state === 'delayed' || message.state === 'inflight') entries.push({ at: message.visibleAt, message, epoch: message.epoch });
      }
      this.timers.rebuild(entries);
    }
  }

  private compactGroup(groupId: string): void {
    const group = this.groups.get(groupId);
    if (!group) return;
    while (group.messages.length > 0 && group.messages.at(0)!.state === 'gone') group.messages.shift();
    if (group.messages.length === 0) this.groups.delete(groupId);
  }

  /**
   * Brings the queue up to `now`: ends delays and visibility timeouts, drops messages past
   * MessageRetentionPeriod. Returns true when a message became visible, so long polls can wake.
   */
  refresh(now: number): boolean {
    let woke = false;
    for (let top = this.timers.peek(); top && top.at <= now; top = this.timers.peek()) {
      this.timers.pop();
      const message = top.message;
      if (top.epoch !== message.epoch || (message.state !== 'delayed' && message.state !== 'inflight')) continue;
      this.makeVisible(message);
      woke = true;
    }
    const retentionMs = this.attribute('MessageRetentionPeriod') * 1000;
    for (let top = this.expiry.peek(); top && top.retentionBase + retentionMs <= now; top = this.expiry.peek()) {
      this.expiry.pop();
      this.remove(top);
    }
    return woke;
  }

  /** Emulator time of the next delay or visibility timeout to end, for a long poll's wake-up. */
  nextTimerAt(): number | undefined {
    return this.timers.peek()?.at;
  }

  /**
   * Takes up to `max` visible messages in delivery order without marking them: standard queues
   * from the deque front, FIFO queues from the head of each group that has nothing in flight.
   * `accept` decides for each candidate; returning false means it was consumed otherwise (moved
   * to a DLQ) and the scan continues.
   */
  private take(max: number, accept: (message: StoredMessage) => boolean): StoredMessage[] {
    const out: StoredMessage[] = [];
    if (!this.fifo) {
      while (out.length < max && this.visible.length > 0) {
        const message = this.visible.shift()!;
        if (message.state !== 'visible') continue;
        if (accept(message)) out.push(message);
      }
      return out;
    }
    for (const group of [...this.groups.values()]) {
      if (out.length >= max) break;
      if (group.inflight > 0) continue;
      let i = 0;
      while (out.length < max && i < group.messages.length) {
        const message = group.messages.at(i)!;
        if (message.state === 'gone') {
          i++;
          continue;
        }
        if (message.state !== 'visible') break;
        if (accept(message)) out.push(message);
        // A dead-lettered head is compacted away, which shifts the next message into slot i.
        if (group.messages.at(i) === message) i++;
      }
    }
    return out;
  }

  /**
   * ReceiveMessage's core: marks up to `max` messages in flight for `visibilityTimeoutMs`.
   * `deadLetter` is asked first for each candidate that already reached maxReceiveCount and
   * returns true when it moved the message (§5.8: the attempt after the last allowed receive).
   */
  receive(max: number, visibilityTimeoutMs: number, now: number, deadLetter: (message: StoredMessage) => boolean): StoredMessage[] {
    const maxReceiveCount = this.redrivePolicy?.maxReceiveCount;
    const taken = this.take(max, (message) => {
      if (maxReceiveCount !== undefined && message.receiveCount >= maxReceiveCount && deadLetter(message)) return false;
      // FIFO: mark in flight now, so the group blocks for the rest of this scan's groups.
      this.markInflight(message, visibilityTimeoutMs, now);
      return true;
    });
    return taken;
  }

  private markInflight(message: StoredMessage, visibilityTimeoutMs: number, now: number): void {
    this.setState(message, 'inflight');
    message.receiveCount++;
    message.firstReceiveAt ??= now;
    message.receiptToken = `${tokenPrefix}-${++tokenCounter}`;
    message.visibleAt = now + visibilityTimeoutMs;
    this.timers.push({ at: message.visibleAt, message, epoch: message.epoch });
  }

  /** The next visible message in delivery order, left in place (a move task peeks, then moves). */
  nextVisible(): StoredMessage | undefined {
    if (!this.fifo) {
      while (this.visible.length > 0 && this.visible.at(0)!.state !== 'visible') this.visible.shift();
      return this.visible.at(0);
    }
    for (const group of this.groups.values()) {
      if (group.inflight > 0) continue;
      for (let i = 0; i < group.messages.length; i++) {
        const message = group.messages.at(i)!;
        if (message.state === 'gone') continue;
        if (message.state === 'visible') return message;
        break;
      }
    }
    return undefined;
  }

  /** Restarts the visibility timer of an in-flight message from now (ChangeMessageVisibility). */
  changeVisibility(message: StoredMessage, visibilityTimeoutMs: number, now: number): void {
    message.visibleAt = now + visibilityTimeoutMs;
    message.epoch++;
    this.timers.push({ at: message.visibleAt, message, epoch: message.epoch });
  }

  /** Deletes every message (PurgeQueue). */
  purge(): void {
    for (const message of this.byId.values()) this.setState(message, 'gone');
    this.byId.clear();
    this.visible.clear();
    this.groups.clear();
    this.timers.clear();
    this.expiry.clear();
  }

  /** Seconds since the oldest live message arrived, 0 when empty (the CloudWatch age metric). */
  ageOfOldestMessageSeconds(now: number): number {
    const oldest = this.byId.values().next();
    return oldest.done ? 0 : Math.max(0, Math.floor((now - oldest.value.arrivedAt) / 1000));
  }

  /** Entry counts of the internal heaps, so tests can check that deleted messages are let go. */
  heapSizes(): { expiry: number; timers: number } {
    return { expiry: this.expiry.size, timers: this.timers.size };
  }

  /** Wakes every long poll waiting on this queue. */
  wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
