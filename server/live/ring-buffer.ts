/**
 * The last `capacity` items, each numbered by a cursor that only grows: a reconnecting browser
 * asks for "everything after cursor N" and learns whether N is still held.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  /** Cursor of the next item pushed; items hold cursors [next - size, next). */
  private next = 1;
  private size = 0;

  constructor(readonly capacity: number) {
    this.items = new Array(capacity);
  }

  /** Appends and returns the item's cursor. */
  push(item: T): number {
    const cursor = this.next++;
    this.items[cursor % this.capacity] = item;
    if (this.size < this.capacity) this.size++;
    return cursor;
  }

  /** The cursor of the oldest item still held (or of the next one, when empty). */
  get oldestCursor(): number {
    return this.next - this.size;
  }

  /** The cursor the last pushed item got; 0 before any. */
  get lastCursor(): number {
    return this.next - 1;
  }

  get length(): number {
    return this.size;
  }

  /** Whether every item after `cursor` is still held (no gap if a reader resumes there). */
  holdsAfter(cursor: number): boolean {
    return cursor + 1 >= this.oldestCursor && cursor <= this.lastCursor;
  }

  /** Items with a cursor above `cursor`, oldest first (as many as are held). */
  after(cursor: number): T[] {
    const from = Math.max(cursor + 1, this.oldestCursor);
    const out: T[] = [];
    for (let c = from; c < this.next; c++) out.push(this.items[c % this.capacity] as T);
    return out;
  }

  /** Every held item, oldest first. */
  all(): T[] {
    return this.after(this.oldestCursor - 1);
  }

  find(predicate: (item: T) => boolean): T | undefined {
    for (let c = this.next - 1; c >= this.oldestCursor; c--) {
      const item = this.items[c % this.capacity] as T;
      if (predicate(item)) return item;
    }
    return undefined;
  }
}
