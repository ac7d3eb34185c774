import { ShapeLearner, type ShapeAnomaly } from '@/lib/streams/schema';
import { compareSequenceNumbers } from '@/lib/streams/position';
import type { StreamEvent } from '@/lib/types/streams';
import { RingBuffer } from './ring-buffer';

/** Tables whose shape one process learns; the least recently fed is forgotten beyond it. */
const MAX_TABLES = 100;
/** Records remembered per table as not fitting the learned shape (for marking dead letters). */
const ANOMALIES_KEPT = 2_000;

/** A stream record whose new image did not fit the shape learned before it. */
export interface ShapeAnomalyRecord {
  shardId: string;
  sequenceNumber: string;
  eventID: string;
  at: number;
  anomalies: ShapeAnomaly[];
}

interface TableShapes {
  learner: ShapeLearner;
  anomalies: RingBuffer<ShapeAnomalyRecord>;
  /** Epoch ms this process started learning the table. */
  since: number;
  viewTypes: Set<string>;
  /** Records seen without a new image (REMOVE, KEYS_ONLY or OLD_IMAGE streams). */
  withoutImage: number;
}

/**
 * Learns each table's item shape from the events its live tail already decoded: the tail hands
 * every published batch here, so learning adds no shard read (DESIGN.md §3). One per process
 * (server/services.ts `shapeObserver`).
 */
export class ShapeObserver {
  private readonly byTable = new Map<string, TableShapes>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Learns the new images of a batch the tail published, in stream order. */
  observe(table: string, events: readonly Pick<StreamEvent, 'eventName' | 'newImage' | 'approximateCreationTime' | 'shardId' | 'sequenceNumber' | 'eventID' | 'viewType'>[]): void {
    let entry = this.byTable.get(table);
    if (!entry) {
      if (this.byTable.size >= MAX_TABLES) {
        const oldest = this.byTable.keys().next().value as string;
        this.byTable.delete(oldest);
      }
      entry = { learner: new ShapeLearner(table), anomalies: new RingBuffer(ANOMALIES_KEPT), since: this.now(), viewTypes: new Set(), withoutImage: 0 };
    } else this.byTable.delete(table);
    // Re-inserted: Map order is then least recently fed first.
    this.byTable.set(table, entry);
    for (const event of events) {
      entry.viewTypes.add(event.viewType);
      // A REMOVE's old image is a past state; only INSERT and MODIFY show what producers write now.
      if (event.eventName === 'REMOVE' || !event.newImage) {
        entry.withoutImage++;
        continue;
      }
      // A record without its creation time is placed when Eddy read it: later than it was written, never 1970.
      const at = event.approximateCreationTime ?? this.now();
      const anomalies = entry.learner.observe(event.newImage, at);
      if (anomalies.length > 0) entry.anomalies.push({ shardId: event.shardId, sequenceNumber: event.sequenceNumber, eventID: event.eventID, at, anomalies });
    }
  }

  /** Tables observed so far. */
  tables(): string[] {
    return [...this.byTable.keys()];
  }

  /** The table's learner and what it saw, or undefined when nothing of it was observed. */
  get(table: string): { learner: ShapeLearner; since: number; viewTypes: string[]; withoutImage: number } | undefined {
    const entry = this.byTable.get(table);
    return entry && { learner: entry.learner, since: entry.since, viewTypes: [...entry.viewTypes], withoutImage: entry.withoutImage };
  }

  /** Records of a shard within [start, end] (sequence numbers) whose image did not fit the shape learned before them. */
  anomaliesIn(table: string, shardId: string, start: string, end: string): ShapeAnomalyRecord[] {
    const entry = this.byTable.get(table);
    if (!entry) return [];
    return entry.anomalies.all().filter((r) => r.shardId === shardId && compareSequenceNumbers(r.sequenceNumber, start) >= 0 && compareSequenceNumbers(r.sequenceNumber, end) <= 0);
  }
}
