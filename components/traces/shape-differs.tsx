'use client';

import { imageShapeDifferences } from '@/lib/streams/schema';
import { useTableSchema } from '@/lib/queries/schema';
import type { TraceStreamEvent } from '@/lib/types/traces';

/**
 * Beside a failure record's stream records: those whose new image differs in shape from the
 * table's recent traffic (schema drift, as Eddy's live tail learned it). Says nothing when the
 * shape is not learned yet or every record fits.
 */
export function ShapeDiffers({ table, events }: { table: string; events: TraceStreamEvent[] }) {
  const schema = useTableSchema(table).data;
  if (!schema) return null;
  const odd = events.flatMap((e) => {
    const differences = e.newImage ? imageShapeDifferences(e.newImage, schema) : [];
    return differences.length > 0 ? [{ event: e, differences }] : [];
  });
  if (odd.length === 0) return null;
  return (
    <div data-testid="trace-shape-differs" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
      <p className="font-semibold">Shape differs from recent {table} traffic (schema drift):</p>
      <ul className="mt-1 list-disc pl-5">
        {odd.map(({ event, differences }) => (
          <li key={event.eventID}>
            <a href={`#record-${event.eventID}`} className="font-mono text-xs hover:underline">
              seq {event.sequenceNumber}
            </a>
            : {differences.join('; ')}
          </li>
        ))}
      </ul>
      <p className="mt-1 text-xs">
        Compared with the types {table}’s images carried before any drift, as learned from {schema.images} images by Eddy’s live tail (the stream page’s Schema section).
      </p>
    </div>
  );
}
