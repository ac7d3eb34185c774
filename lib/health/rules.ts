import { queueNameFromArn, tableNameFromArn } from '@/lib/flow/arn';
import { deadLetterArns, nodeHref, nodeId, type FlowConfiguration } from '@/lib/flow/discover';
import { compareFindings, findConfigurationIssues } from '@/lib/flow/findings';
import { formatCount, formatDuration } from '@/lib/format';
import { dataLossClock } from '@/lib/lag/data-loss';
import { isBacklogGrowing, newDeadLetters } from '@/lib/lag/queue-lag';
import { depthPoints, depthSamples, queueDepth } from '@/lib/queues/depth';
import { forecastDrain, NO_COUNTS_FORECAST, type DrainForecast } from '@/lib/queues/forecast';
import type { Evidence, Finding } from '@/lib/types/flow';
import type { QueueSample } from '@/lib/types/queues';
import type { HealthThresholds } from './thresholds';

/** A CloudWatch figure with the end of the minute it describes (epoch ms). */
export interface TimedFigure {
  value: number;
  at: number;
}

/** A function's Errors and Invocations (Sum) over the error-rate window, with the window's end. */
export interface ErrorCounts {
  errors: number;
  invocations: number;
  at: number;
}

/** Everything one evaluation reads: configuration, the one sampler's histories and CloudWatch's figures. */
export interface HealthInputs {
  now: number;
  config: Pick<FlowConfiguration, 'queues' | 'mappings' | 'topics'>;
  /** The queue sampler's history per queue, oldest first. */
  queueHistory: (name: string) => readonly QueueSample[];
  /** ApproximateAgeOfOldestMessage (s) per queue. */
  oldestAgeSeconds: ReadonlyMap<string, TimedFigure>;
  /** IteratorAge Maximum (ms) per stream-consuming function. */
  iteratorAgeMs: ReadonlyMap<string, TimedFigure>;
  /** Errors and Invocations per consuming function; absent: not measured (no verdict). */
  errorCounts: ReadonlyMap<string, ErrorCounts>;
  /**
   * What the other modules found holding now, judged from what they read (SNS topics and their
   * deliveries, schema drift from the live tails): evaluated with the rules, so they get `since`,
   * no-flapping, alerts and colours like every other finding.
   */
  findings?: readonly Finding[];
}

const iso = (at: number) => new Date(at).toISOString();
const SAMPLER = 'Eddy’s queue sampler (GetQueueAttributes)';

function depthEvidence(history: readonly QueueSample[]): Evidence[] {
  const last = history.at(-1);
  if (!last) return [];
  return [{ label: 'Messages now', value: `${formatCount(queueDepth(last))} (${formatCount(last.visible)} visible, ${formatCount(last.inFlight)} in flight)`, at: iso(last.at), source: SAMPLER }];
}

function queueResource(kind: 'queue' | 'dlq', name: string) {
  return { resource: { kind, name, href: nodeHref(kind, name) }, node: nodeId('queue', name) };
}

/** The queue rules: dead letters arriving, a growing backlog, a stalled consumer, an old message. */
function queueFindings(inputs: HealthInputs, t: HealthThresholds): Finding[] {
  const findings: Finding[] = [];
  const dlqs = deadLetterArns(inputs.config);
  for (const q of inputs.config.queues) {
    const history = inputs.queueHistory(q.name);
    // Without this reading's counts the sampler's history is not current: the depth rules neither
    // fire nor clear on it (`undeterminedFindings`); CloudWatch's age of the oldest message still speaks.
    const counted = queueDepth(q) !== undefined;
    if (dlqs.has(q.arn)) {
      const windowMs = t.dlqNewWindowMinutes * 60_000;
      const added = counted ? newDeadLetters(depthSamples(history), inputs.now, windowMs) : null;
      if (added !== null && added > 0) {
        findings.push({
          id: `dlq-receiving:${q.name}`,
          rule: 'dlq-receiving',
          severity: 'critical',
          title: `${q.name} is receiving dead letters`,
          why: `${formatCount(added)} new ${added === 1 ? 'message' : 'messages'} in the last ${formatDuration(t.dlqNewWindowMinutes * 60)}: something upstream keeps failing, and each of these is an event that was not processed.`,
          fix: `Open ${q.name}, look at why the messages failed (the failure apart panel), fix the consumer, then redrive them.`,
          ...queueResource('dlq', q.name),
          evidence: [{ label: `New dead letters (${formatDuration(t.dlqNewWindowMinutes * 60)})`, value: formatCount(added), at: iso(history.at(-1)?.at ?? inputs.now), source: SAMPLER }, ...depthEvidence(history)],
        });
      }
      continue;
    }
    // The samples covering the whole stall window: from the last one taken at or before its start,
    // and at least three (at the sampler's unwatched 60 s pace a 60 s window holds two: the stall
    // is then confirmed over two minutes).
    const windowStart = inputs.now - t.stalledAfterSeconds * 1000;
    let first = counted ? history.length - 1 : -1;
    while (first >= 0 && history[first].at > windowStart) first--;
    if (first >= 0) first = Math.max(0, Math.min(first, history.length - 3));
    const recent = first < 0 ? [] : history.slice(first);
    const growing: DrainForecast = counted ? forecastDrain(depthPoints(history)) : NO_COUNTS_FORECAST;
    const stalled =
      recent.length >= 3 &&
      recent.every((s) => s.inFlight === 0) &&
      (isBacklogGrowing(depthSamples(recent)) || growing.kind === 'growing');
    if (stalled) {
      findings.push({
        id: `consumer-stalled:${q.name}`,
        rule: 'consumer-stalled',
        severity: 'critical',
        title: `Nothing is consuming ${q.name}`,
        why: `Its backlog grows and no message has been in flight for ${formatDuration(t.stalledAfterSeconds)}: its consumer receives nothing (stopped, throttled to zero, or its mapping is off).`,
        fix: `Check ${q.name}'s consumer: is its mapping enabled, is the function or worker running and allowed to receive?`,
        ...queueResource('queue', q.name),
        evidence: [
          ...depthEvidence(history),
          { label: 'In flight', value: `0 in every sample since ${iso(recent[0].at)}`, at: iso(recent.at(-1)!.at), source: SAMPLER },
          ...(growing.kind === 'growing' ? [{ label: 'Backlog growth', value: `${Math.round(growing.perMinute)}/min`, at: iso(recent.at(-1)!.at), source: SAMPLER }] : []),
        ],
      });
    } else if (growing.kind === 'growing' && history.length > 0 && queueDepth(history[history.length - 1]) >= t.backlogGrowingMinDepth) {
      findings.push({
        id: `backlog-growing:${q.name}`,
        rule: 'backlog-growing',
        severity: 'warning',
        title: `${q.name}'s backlog grows faster than it drains`,
        why: `It gains ${formatCount(Math.round(growing.perMinute))} messages a minute: its consumer does not keep up, and every message waits longer.`,
        fix: `Look at ${q.name}'s consumer: raise its concurrency or batch size, or find what slows it.`,
        ...queueResource('queue', q.name),
        evidence: [...depthEvidence(history), { label: 'Backlog growth (5 min trend)', value: `${Math.round(growing.perMinute)}/min`, at: iso(history.at(-1)!.at), source: SAMPLER }],
      });
    }
    const age = inputs.oldestAgeSeconds.get(q.name);
    const last = history.at(-1);
    // An empty queue has no oldest message, whatever an older CloudWatch minute says.
    if (age && age.value >= t.oldestMessageAgeSeconds && !(last && last.at > age.at && queueDepth(last) === 0)) {
      findings.push({
        id: `oldest-message-age:${q.name}`,
        rule: 'oldest-message-age',
        severity: 'warning',
        title: `${q.name}'s oldest message has waited ${formatDuration(age.value)}`,
        why: `Above the ${formatDuration(t.oldestMessageAgeSeconds)} bound: messages are not consumed as they arrive, and they expire after the queue's retention (${formatDuration(q.retentionSeconds)}).`,
        fix: `Look at ${q.name}'s consumer: is it failing and retrying the same messages, or too slow?`,
        ...queueResource('queue', q.name),
        evidence: [{ label: 'ApproximateAgeOfOldestMessage', value: formatDuration(age.value), at: iso(age.at), source: 'CloudWatch AWS/SQS (1 min)' }, ...depthEvidence(history)],
      });
    }
  }
  return findings;
}

/** The consumer rules: a function's error rate, a stream consumer's iterator age and data-loss clock. */
function consumerFindings(inputs: HealthInputs, t: HealthThresholds): Finding[] {
  const findings: Finding[] = [];
  const functions = new Map<string, { sources: string[]; stream: boolean }>();
  for (const m of inputs.config.mappings) {
    const source = m.sourceKind === 'stream' ? `the ${tableNameFromArn(m.sourceArn) ?? 'unknown'} stream` : (queueNameFromArn(m.sourceArn) ?? m.sourceArn);
    const entry = functions.get(m.functionName) ?? { sources: [], stream: false };
    entry.sources.push(source);
    entry.stream ||= m.sourceKind === 'stream';
    functions.set(m.functionName, entry);
  }
  for (const [name, { sources, stream }] of functions) {
    const subject = { resource: { kind: 'function' as const, name, href: nodeHref('function', name) }, node: nodeId('function', name) };
    const counts = inputs.errorCounts.get(name);
    if (counts && counts.invocations >= t.errorRateMinInvocations && counts.errors / counts.invocations >= t.errorRate) {
      const share = Math.round((counts.errors / counts.invocations) * 100);
      findings.push({
        id: `error-rate:${name}`,
        rule: 'error-rate',
        severity: 'critical',
        title: `${name} fails ${share} % of its invocations`,
        why: `${formatCount(counts.errors)} errors in ${formatCount(counts.invocations)} invocations over ${formatDuration(t.errorRateWindowMinutes * 60)} (bound ${Math.round(t.errorRate * 100)} %): batches from ${sources.join(', ')} are retried, dead-lettered or lost.`,
        fix: `Open ${name}'s logs and errors, fix the cause, then redrive what it dead-lettered.`,
        ...subject,
        evidence: [
          { label: 'Errors', value: formatCount(counts.errors), at: iso(counts.at), source: `CloudWatch AWS/Lambda Errors (Sum, ${t.errorRateWindowMinutes} min)` },
          { label: 'Invocations', value: formatCount(counts.invocations), at: iso(counts.at), source: `CloudWatch AWS/Lambda Invocations (Sum, ${t.errorRateWindowMinutes} min)` },
        ],
      });
    }
    const age = stream ? inputs.iteratorAgeMs.get(name) : undefined;
    if (!age) continue;
    const clock = dataLossClock(age.value);
    const evidence: Evidence[] = [{ label: 'IteratorAge (Maximum)', value: formatDuration(age.value / 1000), at: iso(age.at), source: 'CloudWatch AWS/Lambda (1 min)' }];
    if (clock && clock.remainingMs <= t.dataLossClockMs) {
      findings.push({
        id: `data-loss-clock:${name}`,
        rule: 'data-loss-clock',
        severity: 'critical',
        title: `${name}'s unread stream records are trimmed in ${formatDuration(clock.remainingMs / 1000)}`,
        why: 'DynamoDB Streams keeps records 24 hours: records the consumer has not read by then are gone for good.',
        fix: `Make ${name} catch up now: fix what blocks its shard (an ever-retried record), raise ParallelizationFactor, or read the stream elsewhere.`,
        ...subject,
        evidence: [...evidence, { label: 'Data-loss clock', value: formatDuration(clock.remainingMs / 1000), at: iso(age.at), source: '24 h retention − IteratorAge' }],
      });
    } else if (age.value >= t.iteratorAgeMs) {
      findings.push({
        id: `iterator-age:${name}`,
        rule: 'iterator-age',
        severity: 'warning',
        title: `${name} reads its stream ${formatDuration(age.value / 1000)} behind`,
        why: `IteratorAge is at or above ${formatDuration(t.iteratorAgeMs / 1000)}: every change waits that long before it is processed, and at 24 h records are lost.`,
        fix: `Look at ${name}'s duration and errors: a record retried again and again blocks its shard.`,
        ...subject,
        evidence,
      });
    }
  }
  return findings;
}

/**
 * The findings this evaluation cannot judge, by id: a queue whose counts SQS did not return this
 * time has a history that stopped, so its depth rules are undetermined — an open one stays open
 * (`stepFindings`), as it would not resolve on a look Eddy could not take.
 */
export function undeterminedFindings(inputs: Pick<HealthInputs, 'config'>): Set<string> {
  const ids = new Set<string>();
  for (const q of inputs.config.queues) {
    if (queueDepth(q) !== undefined) continue;
    for (const rule of ['dlq-receiving', 'consumer-stalled', 'backlog-growing']) ids.add(`${rule}:${q.name}`);
  }
  return ids;
}

/**
 * Every rule over one set of inputs: the live rules and the configuration findings. Pure: what
 * holds now, before the engine's hysteresis decides what is open.
 */
export function evaluateRules(inputs: HealthInputs, thresholds: HealthThresholds): Finding[] {
  return [...findConfigurationIssues(inputs.config), ...queueFindings(inputs, thresholds), ...consumerFindings(inputs, thresholds), ...(inputs.findings ?? [])].sort(
    compareFindings,
  );
}
