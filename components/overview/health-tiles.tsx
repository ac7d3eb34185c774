import Link from '@/components/ui/env-link';
import type { ReactNode } from 'react';
import { formatCount, formatDuration } from '@/lib/format';
import { formatMs } from '@/lib/flow/labels';
import type { FlowUnknowns } from '@/lib/flow/unknowns';
import type { FlowTiles } from '@/lib/types/flow';
import { FigureSourceNote } from '@/components/ui/figure-source';

function Tile({ label, value, detail, title, tone = 'plain', href }: { label: string; value: ReactNode; detail?: ReactNode; title?: string; tone?: 'plain' | 'bad' | 'warn'; href?: string }) {
  const toneClass = tone === 'bad' ? 'text-rose-600 dark:text-rose-400' : tone === 'warn' ? 'text-amber-600 dark:text-amber-400' : '';
  const body = (
    <>
      <p className="text-sm text-slate-600 dark:text-slate-400">{label}</p>
      <p className={`mt-1 text-2xl font-semibold tabular-nums ${toneClass}`} title={title} data-testid="tile-value">
        {value}
      </p>
      {detail && <p className="mt-0.5 truncate text-xs text-slate-500 dark:text-slate-400">{detail}</p>}
    </>
  );
  const className = 'rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900';
  return (
    <li aria-label={label}>
      {href ? (
        <Link href={href} className={`block h-full ${className} hover:border-sky-400`}>
          {body}
        </Link>
      ) : (
        <div className={`h-full ${className}`}>{body}</div>
      )}
    </li>
  );
}

/** Why the Events/s tile shows what it shows (how many streams it covers, or why "—"). */
function eventsTitle(tiles: FlowTiles): string {
  if (tiles.eventsPerSecond === null) {
    return 'Not measured yet: a stream’s rate comes from Eddy’s own reader (started on streams with fewer than two consumers) or CloudWatch’s ReturnedRecordsCount, which has no datapoint yet.';
  }
  const of = tiles.streams !== undefined && tiles.streamsMeasured !== undefined && tiles.streamsMeasured < tiles.streams ? ` (${tiles.streamsMeasured} of ${tiles.streams} streams measured)` : '';
  return `Stream records per second across all streams${of}.`;
}

function eventsDetail(tiles: FlowTiles): string {
  return tiles.eventsPerSecond === null ? 'measuring…' : 'across all streams';
}

/** The flow's health at a glance: dead letters, the worst lag, throughput, failing mappings. */
export function HealthTiles({ tiles, unknowns = {} }: { tiles: FlowTiles; unknowns?: FlowUnknowns }) {
  const windowLabel = tiles.deadLettersWindowMs >= 3_600_000 ? 'in the last hour' : `since Eddy started watching (${formatDuration(tiles.deadLettersWindowMs / 1000)})`;
  return (
    <ul className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-5" aria-label="Health">
      {unknowns.queues ? (
        <Tile label="Dead letters" value="—" title="Unknown: the dead-letter queues could not be read." detail={unknowns.queues} href="/queues" />
      ) : tiles.deadLettersUnknownIn?.length ? (
        // A sum that took an unknown count as 0 would be a false all-clear: a floor, and whose count is missing.
        <Tile
          label="Dead letters"
          value={tiles.deadLetters > 0 ? `≥ ${formatCount(tiles.deadLetters)}` : '—'}
          title={`SQS did not return the message counts of ${tiles.deadLettersUnknownIn.join(', ')}: ${tiles.deadLetters > 0 ? 'the figure counts the other dead-letter queues only' : 'the total is unknown'}.`}
          tone={tiles.deadLetters > 0 ? 'bad' : 'plain'}
          detail={`count unknown for ${tiles.deadLettersUnknownIn.join(', ')}`}
          href="/queues"
        />
      ) : (
        <Tile label="Dead letters" value={formatCount(tiles.deadLetters)} tone={tiles.deadLetters > 0 ? 'bad' : 'plain'} detail="in all dead-letter queues" href="/queues" />
      )}
      <Tile
        label="New dead letters"
        value={tiles.deadLettersNewLastHour === null ? '—' : formatCount(tiles.deadLettersNewLastHour)}
        title={tiles.deadLettersNewLastHour === null ? 'Measured from Eddy’s own samples of the DLQs: it needs two of them first.' : undefined}
        tone={tiles.deadLettersNewLastHour ? 'bad' : 'plain'}
        detail={tiles.deadLettersNewLastHour === null ? 'measuring…' : windowLabel}
      />
      <Tile
        label="Worst iterator age"
        value={tiles.worstIteratorAge ? formatMs(tiles.worstIteratorAge.ms) : '—'}
        title={tiles.worstIteratorAge ? undefined : 'No IteratorAge datapoint in CloudWatch for any stream consumer in the last 10 minutes.'}
        tone={tiles.worstIteratorAge && tiles.worstIteratorAge.ms >= 60_000 ? 'warn' : 'plain'}
        detail={tiles.worstIteratorAge ? tiles.worstIteratorAge.functionName : 'no stream consumer reported'}
        href={tiles.worstIteratorAge ? `/functions/${encodeURIComponent(tiles.worstIteratorAge.functionName)}` : undefined}
      />
      <Tile
        label="Events/s"
        value={tiles.eventsPerSecond === null ? '—' : tiles.eventsPerSecond.toFixed(1)}
        title={eventsTitle(tiles)}
        detail={tiles.eventsPerSecond !== null && tiles.eventsPerSecondSources?.length ? <FigureSourceNote sources={tiles.eventsPerSecondSources} /> : eventsDetail(tiles)}
      />
      {unknowns.mappings ? (
        <Tile label="Failing mappings" value="—" title="Unknown: the event source mappings could not be read." detail={unknowns.mappings} />
      ) : (
        <Tile
          label="Failing mappings"
          value={formatCount(tiles.failingMappings)}
          tone={tiles.failingMappings > 0 ? 'bad' : 'plain'}
          detail={`of ${formatCount(tiles.mappings)} event source mappings`}
        />
      )}
    </ul>
  );
}
