import type { ShardInfo } from '@/lib/types/streams';
import { StatusDot, type Tone } from '../ui/status-dot';

const toneByState: Record<string, Tone> = {
  reading: 'ok',
  idle: 'ok',
  starting: 'idle',
  waiting_parent: 'idle',
  closed: 'idle',
  stopped: 'idle',
  renewing: 'warn',
  throttled: 'warn',
  paused: 'warn',
  trimmed_gap: 'warn',
  stream_disabled: 'warn',
  table_gone: 'bad',
  unreachable: 'bad',
  error: 'bad',
};

function shortSeq(seq: string): string {
  return seq.length > 12 ? `…${seq.slice(-8)}` : seq;
}

function ShardNode({ shard, childrenOf }: { shard: ShardInfo; childrenOf: Map<string, ShardInfo[]> }) {
  const children = childrenOf.get(shard.shardId) ?? [];
  return (
    <li className="mt-1">
      <div data-testid="shard" data-shard-id={shard.shardId} data-reader-state={shard.reader?.state ?? 'none'} className="rounded-md border border-slate-200 px-2 py-1 dark:border-slate-700">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-xs" title={shard.shardId}>
            {shard.shardId.replace(/^shardId-0+/, 'shard ')}
          </span>
          <span className={`rounded px-1 text-[10px] font-semibold uppercase ${shard.open ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200' : 'bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200'}`}>
            {shard.open ? 'open' : 'closed'}
          </span>
          <span className="font-mono text-[11px] text-slate-500" title={`${shard.startingSequenceNumber} – ${shard.endingSequenceNumber ?? 'open'}`}>
            {shortSeq(shard.startingSequenceNumber)} – {shard.endingSequenceNumber ? shortSeq(shard.endingSequenceNumber) : '…'}
          </span>
        </div>
        {shard.reader && (
          <div className="mt-0.5 flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
            <StatusDot tone={toneByState[shard.reader.state] ?? 'idle'} />
            <span>{shard.reader.message}</span>
            {shard.reader.eventsPerSecond > 0 && <span className="ml-auto tabular-nums">{shard.reader.eventsPerSecond.toFixed(1)}/s</span>}
          </div>
        )}
        {shard.reads && (
          <div className="mt-0.5 text-[11px] text-slate-500 tabular-nums" data-testid="shard-reads" data-reads-state={shard.reads.state}>
            Eddy’s reads: {shard.reads.readsPerSecond.toFixed(1)} of at most {shard.reads.budgetPerSecond} GetRecords/s
            {shard.reads.throttles > 0 ? ` · throttled ${shard.reads.throttles}×` : ''}
          </div>
        )}
      </div>
      {children.length > 0 && (
        <ul className="ml-4 border-l-2 border-slate-300 pl-3 dark:border-slate-600" aria-label={`Children of ${shard.shardId}`}>
          {children.map((c) => (
            <ShardNode key={c.shardId} shard={c} childrenOf={childrenOf} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** Parent → child shards, with open/closed state, sequence ranges and each reader's state. */
export function ShardLineage({ shards }: { shards: ShardInfo[] }) {
  if (shards.length === 0) return <p className="text-sm text-slate-500">No shards yet.</p>;
  const ids = new Set(shards.map((s) => s.shardId));
  const childrenOf = new Map<string, ShardInfo[]>();
  const roots: ShardInfo[] = [];
  for (const shard of shards) {
    if (shard.parentShardId && ids.has(shard.parentShardId)) {
      const list = childrenOf.get(shard.parentShardId) ?? [];
      list.push(shard);
      childrenOf.set(shard.parentShardId, list);
    } else roots.push(shard);
  }
  return (
    <ul aria-label="Shard lineage">
      {roots.map((s) => (
        <ShardNode key={s.shardId} shard={s} childrenOf={childrenOf} />
      ))}
    </ul>
  );
}
