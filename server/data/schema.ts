import 'server-only';
import { nodeHref, nodeId } from '@/lib/flow/discover';
import { formatCount } from '@/lib/format';
import { parseJsonBody } from '@/lib/queues/dlq-filter';
import { bodyShapeDifferences, WARMUP_IMAGES } from '@/lib/streams/schema';
import { parseFailureRecord } from '@/lib/traces/failure-record';
import type { Finding } from '@/lib/types/flow';
import type { QueueMessage } from '@/lib/types/queues';
import type { TableSchema } from '@/lib/types/schema';
import { getLiveRegistry, getShapeObserver } from '../live';

/** How long looking at a table's Schema section keeps its tail (the learner's only feed) running. */
const SCHEMA_LEASE_MS = 60_000;

function sourceText(images: number, since: number | undefined, viewTypes: string[], withoutImage: number): string {
  const base = `Learned by Eddy from the new images of ${formatCount(images)} INSERT/MODIFY record(s) its live tail decoded${since ? ` since ${new Date(since).toISOString()}` : ''} (top-level attributes; no extra shard reads). Only records that arrived while the tail ran count.`;
  if (images === 0 && viewTypes.length > 0 && viewTypes.every((v) => v === 'KEYS_ONLY' || v === 'OLD_IMAGE')) {
    return `${base} This stream's view type (${viewTypes.join(', ')}) carries no new image, so the shape cannot be learned from it.`;
  }
  return withoutImage > 0 ? `${base} ${formatCount(withoutImage)} record(s) without a new image (REMOVE) were not learned from.` : base;
}

/**
 * What Eddy learned of a table's item shape, with its drift. Asking keeps the table's live tail
 * running for a minute, which is what feeds the learner.
 */
export function getTableSchema(table: string): TableSchema {
  getLiveRegistry().lease(table, SCHEMA_LEASE_MS);
  const seen = getShapeObserver().get(table);
  if (!seen) {
    return { table, images: 0, attributes: [], drift: [], source: sourceText(0, undefined, [], 0) };
  }
  return { ...seen.learner.snapshot(), source: sourceText(seen.learner.imageCount, seen.since, seen.viewTypes, seen.withoutImage) };
}

/**
 * Schema drift of a table as findings a health engine can read: one per drift, a type change or
 * a vanished attribute critical (consumers that parse it break), a new version a warning.
 * Reads only what the learner holds; starts nothing.
 */
export function schemaDriftFindings(table: string): Finding[] {
  const seen = getShapeObserver().get(table);
  if (!seen) return [];
  const resource = { kind: 'table' as const, name: table, href: `${nodeHref('table', table)}#schema` };
  return seen.learner.drift().map((d) => ({
    id: `schema-drift:${table}:${d.kind}:${d.attribute}`,
    rule: 'schema-drift' as const,
    severity: d.kind === 'new_version' ? ('warning' as const) : ('critical' as const),
    title: d.kind === 'type_changed' ? `${table}.${d.attribute} changed type` : d.kind === 'attribute_missing' ? `${table}.${d.attribute} disappeared` : `A new ${d.attribute} appeared in ${table}`,
    why: `${d.message} Consumers that parse items of ${table} may fail on them, and their failures end in dead-letter queues.`,
    fix: 'Check the producer change that wrote it; make the consumers accept both shapes (or roll the producer back), then redrive the dead letters it caused.',
    resource,
    // The table's node: the health engine's verdict (lib/health/verdict.ts) colours it.
    node: nodeId('table', table),
  }));
}

/**
 * The schema drift of every table the live tails learned a shape of: what the health engine
 * evaluates with its rules (`FlowMonitor.healthInputs`). Reads only what the learner holds.
 */
export function allSchemaDriftFindings(): Finding[] {
  return getShapeObserver()
    .tables()
    .flatMap((table) => schemaDriftFindings(table));
}

/**
 * Marks dead letters whose shape differs from the table's recent successful traffic: a Lambda
 * on-failure record whose shard range holds records that did not fit the learned shape, or a
 * JSON body whose fields have types the table's images never carried. Uses only what the
 * learner holds (no AWS call); messages it cannot judge are left unmarked.
 */
export function markDeadLetterShapes(messages: QueueMessage[]): QueueMessage[] {
  const observer = getShapeObserver();
  // The learned shapes, taken once for the whole page.
  const learned = observer.tables().flatMap((table) => {
    const seen = observer.get(table);
    return seen && seen.learner.imageCount >= WARMUP_IMAGES ? [{ table, schema: seen.learner.snapshot() }] : [];
  });
  return messages.map((m) => {
    const failure = parseFailureRecord(m.body);
    if (failure.kind === 'failure_record') {
      const r = failure.record;
      if (!r.table || !r.shardId || !r.startSequenceNumber || !r.endSequenceNumber) return m;
      const odd = observer.anomaliesIn(r.table, r.shardId, r.startSequenceNumber, r.endSequenceNumber);
      if (odd.length === 0) return m;
      const notes = [...new Set(odd.flatMap((o) => o.anomalies.map((a) => a.message)))];
      return { ...m, shapeNote: `${odd.length} record(s) of its batch differ from recent ${r.table} traffic: ${notes.slice(0, 3).join('; ')}` };
    }
    const json = parseJsonBody(m.body);
    if (!json || typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) return m;
    const body = json.value as Record<string, unknown>;
    // The table the body is a projection of: the one whose always-present attributes it shares most.
    let best: { table: string; schema: Pick<TableSchema, 'attributes' | 'images'>; overlap: number } | undefined;
    for (const { table, schema } of learned) {
      const overlap = schema.attributes.filter((a) => a.share === 1 && a.name in body).length;
      if (overlap >= 2 && (!best || overlap > best.overlap)) best = { table, schema, overlap };
    }
    if (!best) return m;
    const differences = bodyShapeDifferences(body, best.schema);
    return differences.length === 0 ? m : { ...m, shapeNote: `Differs from recent ${best.table} traffic: ${differences.join('; ')}` };
  });
}
