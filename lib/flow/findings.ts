import type { Finding } from '@/lib/types/flow';
import { formatDuration } from '@/lib/format';
import { queueNameFromArn, tableNameFromArn } from './arn';
import { deadLetterArns, nodeHref, nodeId, type FlowConfiguration } from './discover';

/** Whether a mapping's LastProcessingResult reports a failure (Lambda writes "PROBLEM: …"). */
export function isProblemResult(result: string | undefined): boolean {
  return Boolean(result && /^PROBLEM\b/i.test(result.trim()));
}

/** Whether a mapping is switched off or on its way there. */
export function isDisabledState(state: string): boolean {
  return state === 'Disabled' || state === 'Disabling';
}

const SEVERITY_RANK = { critical: 0, warning: 1 } as const;

/** Findings' one order: critical first, then by resource, then by id. */
export function compareFindings(a: Finding, b: Finding): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.resource.name.localeCompare(b.resource.name) || a.id.localeCompare(b.id);
}

/**
 * Configuration that will hurt, found from AWS configuration alone, each with why it matters and
 * how to fix it. Sorted critical first, then by resource.
 */
export function findConfigurationIssues(config: Pick<FlowConfiguration, 'queues' | 'mappings'>): Finding[] {
  const findings: Finding[] = [];
  const queueByArn = new Map(config.queues.map((q) => [q.arn, q]));
  const dlqArns = deadLetterArns(config);

  for (const m of config.mappings) {
    const source = m.sourceKind === 'stream' ? `the ${tableNameFromArn(m.sourceArn) ?? 'unknown'} stream` : (queueNameFromArn(m.sourceArn) ?? m.sourceArn);
    const resource = { kind: 'mapping' as const, name: `${source} → ${m.functionName}`, href: nodeHref('function', m.functionName) };
    const subject = { node: nodeId('function', m.functionName), mappingUuid: m.uuid };
    const retries = m.maximumRetryAttempts ?? -1;
    if (m.sourceKind === 'stream' && retries === -1 && !m.onFailureArn) {
      const ageBound = m.maximumRecordAgeSeconds !== undefined && m.maximumRecordAgeSeconds > 0 ? formatDuration(m.maximumRecordAgeSeconds) : '24 h';
      findings.push({
        id: `stream-infinite-retries:${m.uuid}`,
        rule: 'stream-infinite-retries',
        severity: 'critical',
        title: `${m.functionName} retries ${source} forever and has nowhere to send failures`,
        why: `MaximumRetryAttempts is -1 and there is no on-failure destination: one record the function cannot process blocks its shard for up to ${ageBound}, every record behind it waits, and when it expires the failure leaves no trace.`,
        fix: 'Set MaximumRetryAttempts (e.g. 3), turn on BisectBatchOnFunctionError, and add an on-failure destination queue (DestinationConfig.OnFailure) so failed batches are kept and can be investigated.',
        resource,
        ...subject,
      });
    }
    if (isDisabledState(m.state)) {
      findings.push({
        id: `mapping-disabled:${m.uuid}`,
        rule: 'mapping-disabled',
        severity: 'warning',
        title: `The mapping ${source} → ${m.functionName} is ${m.state.toLowerCase()}`,
        why: `Nothing consumes ${source} through this mapping${m.stateReason ? ` (${m.stateReason})` : ''}: messages pile up, and stream records are trimmed after 24 hours unread.`,
        fix: 'Enable the mapping (UpdateEventSourceMapping Enabled=true) once its function works, or delete it if it is no longer meant to run.',
        resource,
        ...subject,
      });
    } else if (isProblemResult(m.lastProcessingResult)) {
      findings.push({
        id: `mapping-problem:${m.uuid}`,
        rule: 'mapping-problem',
        severity: 'critical',
        title: `${m.functionName} fails to process ${source}`,
        why: `Lambda reports "${m.lastProcessingResult}": batches fail and are retried, then go to the on-failure destination or dead-letter queue, or are lost when retries are unbounded.`,
        fix: `Open ${m.functionName}'s errors and the dead letters it produced, fix the cause, then redrive them.`,
        resource,
        ...subject,
      });
    }
  }

  const consumedQueueArns = new Set(config.mappings.filter((m) => m.sourceKind === 'queue').map((m) => m.sourceArn));
  for (const q of config.queues) {
    const resource = { kind: dlqArns.has(q.arn) ? ('dlq' as const) : ('queue' as const), name: q.name, href: nodeHref('queue', q.name) };
    if (consumedQueueArns.has(q.arn) && !q.redrivePolicy) {
      findings.push({
        id: `queue-without-dlq:${q.name}`,
        rule: 'queue-without-dlq',
        severity: 'warning',
        title: `${q.name} is consumed by Lambda but has no dead-letter queue`,
        why: 'A message the function keeps failing returns to the queue again and again until its retention ends, costing invocations and then disappearing without a trace.',
        fix: `Create a DLQ and set a RedrivePolicy on ${q.name} (deadLetterTargetArn, maxReceiveCount 3–5).`,
        resource,
        node: nodeId('queue', q.name),
      });
    }
    if (q.redrivePolicy && q.redrivePolicy.maxReceiveCount === 1) {
      findings.push({
        id: `max-receive-count-one:${q.name}`,
        rule: 'max-receive-count-one',
        severity: 'warning',
        title: `${q.name} dead-letters a message after a single receive`,
        why: 'maxReceiveCount 1 gives no second attempt: one throttled invocation, timeout or transient error sends the message straight to the DLQ.',
        fix: `Raise maxReceiveCount in ${q.name}'s RedrivePolicy to 3–5 (at least 5 for Lambda consumers, which may receive a message while scaling).`,
        resource,
        node: nodeId('queue', q.name),
      });
    }
    if (q.redrivePolicy) {
      const dlq = queueByArn.get(q.redrivePolicy.deadLetterTargetArn);
      if (dlq && dlq.retentionSeconds <= q.retentionSeconds) {
        findings.push({
          id: `dlq-retention:${q.name}`,
          rule: 'dlq-retention',
          severity: 'warning',
          title: `${dlq.name} keeps messages no longer than ${q.name} does`,
          why: `A dead-lettered message keeps its original sent time, so it expires ${formatDuration(dlq.retentionSeconds)} after it was first sent to ${q.name} — possibly moments after reaching the DLQ.`,
          fix: `Set ${dlq.name}'s MessageRetentionPeriod longer than ${q.name}'s ${formatDuration(q.retentionSeconds)} (14 days, the maximum, is usual).`,
          resource: { kind: 'dlq', name: dlq.name, href: nodeHref('dlq', dlq.name) },
          node: nodeId('queue', dlq.name),
        });
      }
    }
  }

  return findings.sort(compareFindings);
}
