/** One Server-Sent Events message: optional id, an event name and JSON data. */
export function sseMessage(event: string, data: unknown, id?: string): string {
  return `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * How many bytes a connection may have written and not yet taken by the client (the response's
 * socket, through Next's piping that waits for `drain`) before Eddy counts its viewer as stalled
 * and stops writing events to it. A few hundred milliseconds of a fast stream at the default cap.
 */
export const STALL_BYTES = 256 * 1024;

/**
 * Writes text to a byte stream's controller and says whether its reader keeps up:
 * `stalled()` is true while the bytes queued for the reader reach `STALL_BYTES`
 * (`controller.desiredSize` ≤ 0 under a byte-length queuing strategy).
 */
export class SseChannel {
  private readonly encoder = new TextEncoder();
  closed = false;

  constructor(
    private readonly controller: ReadableStreamDefaultController<Uint8Array>,
    private readonly onFailure: () => void,
  ) {}

  stalled(): boolean {
    const room = this.controller.desiredSize;
    return room !== null && room <= 0;
  }

  write(text: string): void {
    if (this.closed) return;
    try {
      this.controller.enqueue(this.encoder.encode(text));
    } catch {
      this.onFailure();
    }
  }
}

/** The queuing strategy that makes `desiredSize` count bytes, so `SseChannel.stalled` means "this many bytes wait". */
export function byteQueuingStrategy(highWaterMark = STALL_BYTES): QueuingStrategy<Uint8Array> {
  return { highWaterMark, size: (chunk) => chunk.byteLength };
}
