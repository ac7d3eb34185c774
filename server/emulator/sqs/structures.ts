/**
 * A FIFO deque over an array with a moving head, so `shift` is O(1) amortised. SQS queues hold
 * up to millions of messages and receive takes from the front on every call: `Array.shift`
 * would copy the whole backlog each time.
 */
export class Deque<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The item `index` places from the front, or undefined. */
  at(index: number): T | undefined {
    return this.items[this.head + index];
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined as T;
    this.head++;
    // Reclaim the dead prefix once it dominates, keeping memory proportional to the backlog.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i];
  }
}

/** A binary min-heap ordered by `key`; entries that went stale are skipped by their owners. */
export class MinHeap<T> {
  private readonly heap: T[] = [];

  constructor(private readonly key: (item: T) => number) {}

  get size(): number {
    return this.heap.length;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  push(item: T): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    const k = this.key(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.key(heap[parent]) <= k) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = item;
  }

  pop(): T | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop() as T;
    if (heap.length > 0) {
      let i = 0;
      const k = this.key(last);
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && this.key(heap[right]) < this.key(heap[left]) ? right : left;
        if (this.key(heap[child]) >= k) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }

  clear(): void {
    this.heap.length = 0;
  }

  /** Replaces the contents with `items`, for dropping stale entries in one pass. */
  rebuild(items: Iterable<T>): void {
    this.heap.length = 0;
    for (const item of items) this.push(item);
  }
}
