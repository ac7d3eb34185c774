'use client';

import { useState } from 'react';
import { toPlainMap } from '@/lib/streams/attribute-value';
import { diffImages } from '@/lib/streams/diff';
import { formatBytes } from '@/lib/format';
import type { StreamEvent } from '@/lib/types/streams';
import { AttributeTree } from './attribute-tree';
import { DiffTable } from './diff-table';
import { EventNameBadge } from './event-name-badge';
import { Time } from '../ui/time';
import { Unknown } from '../ui/unknown';


function CopyButton({ label, text }: { label: string; text: () => string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text());
          setDone(true);
          setTimeout(() => setDone(false), 1500);
        } catch {
          setDone(false);
        }
      }}
    >
      {done ? 'Copied' : label}
    </button>
  );
}

/** Plain JSON of the record: numbers exact, sets as arrays, binary as base64. */
export function plainEventJson(event: StreamEvent): string {
  return JSON.stringify(
    {
      eventID: event.eventID,
      eventName: event.eventName,
      keys: toPlainMap(event.keys),
      ...(event.newImage ? { newImage: toPlainMap(event.newImage) } : {}),
      ...(event.oldImage ? { oldImage: toPlainMap(event.oldImage) } : {}),
    },
    null,
    2,
  );
}

function dynamoJson(event: StreamEvent): string {
  return JSON.stringify(
    {
      eventID: event.eventID,
      eventName: event.eventName,
      dynamodb: {
        // Left out as the record left it out: a made-up 0 would read as 1970.
        ...(event.approximateCreationTime === undefined ? {} : { ApproximateCreationDateTime: Math.floor(event.approximateCreationTime / 1000) }),
        Keys: event.keys,
        ...(event.newImage ? { NewImage: event.newImage } : {}),
        ...(event.oldImage ? { OldImage: event.oldImage } : {}),
        SequenceNumber: event.sequenceNumber,
        SizeBytes: event.sizeBytes,
        StreamViewType: event.viewType,
      },
    },
    null,
    2,
  );
}

/** One event: keys, the diff, both images as trees, where it sits in the stream, and copy buttons. */
export function EventDetail({ event, onClose }: { event: StreamEvent; onClose: () => void }) {
  const diff = diffImages(event.oldImage, event.newImage);
  const hasImages = Boolean(event.newImage || event.oldImage);
  return (
    <section aria-label="Event detail" className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <header className="mb-3 flex flex-wrap items-center gap-2">
        <EventNameBadge name={event.eventName} />
        {event.ttlDelete && (
          <span data-testid="ttl-badge" className="rounded bg-violet-100 px-1.5 py-0.5 text-xs font-medium text-violet-800 dark:bg-violet-900/50 dark:text-violet-200">
            TTL delete
          </span>
        )}
        <h2 className="font-mono text-xs text-slate-600 dark:text-slate-400">{event.eventID}</h2>
        <div className="ml-auto flex gap-2">
          <CopyButton label="Copy as JSON" text={() => plainEventJson(event)} />
          <CopyButton label="Copy as DynamoDB JSON" text={() => dynamoJson(event)} />
          <button type="button" aria-label="Close event detail" onClick={onClose} className="rounded-md px-2 py-1 text-xs hover:bg-slate-100 dark:hover:bg-slate-800">
            ✕
          </button>
        </div>
      </header>
      <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs">
        <dt className="text-slate-500">Time</dt>
        <dd>
          {event.approximateCreationTime === undefined ? <Unknown reason="The stream record carries no ApproximateCreationDateTime." /> : <Time at={event.approximateCreationTime} />}
        </dd>
        <dt className="text-slate-500">Sequence number</dt>
        <dd className="font-mono" data-testid="event-sequence-number">{event.sequenceNumber}</dd>
        <dt className="text-slate-500">Shard</dt>
        <dd className="font-mono">{event.shardId}</dd>
        <dt className="text-slate-500">Size</dt>
        <dd>{event.sizeBytes === undefined ? <Unknown reason="The stream record carries no SizeBytes." /> : formatBytes(event.sizeBytes)}</dd>
        <dt className="text-slate-500">View type</dt>
        <dd>{event.viewType}</dd>
      </dl>
      <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Keys</h3>
      <AttributeTree map={event.keys} label="Keys" />

      {hasImages && (
        <>
          <h3 className="mb-1 mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">Changes</h3>
          <DiffTable diff={diff} />
        </>
      )}
      {!hasImages && <p className="mt-4 text-xs text-slate-500">This stream is {event.viewType}: it carries no item images, only the keys.</p>}
      {event.newImage && (
        <details open className="mt-4">
          <summary className="cursor-pointer text-xs font-semibold uppercase tracking-wide text-slate-500">New image</summary>
          <AttributeTree map={event.newImage} label="New image" />
        </details>
      )}
      {event.oldImage && (
        <details open={!event.newImage} className="mt-4">
          <summary className="cursor-pointer text-xs font-semibold uppercase tracking-wide text-slate-500">Old image</summary>
          <AttributeTree map={event.oldImage} label="Old image" />
        </details>
      )}
    </section>
  );
}
