import { randomBytes, randomUUID } from 'node:crypto';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, type InputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { DemoClients } from './clients';
import { errorMessage, errorName, isAbort, sleep } from './util';

/** One invocation of a simulated function, as its handler sees it. */
export interface Invocation {
  requestId: string;
  /** Writes a structured line (one JSON object), as a JSON logger writing to stdout does on Lambda. */
  error(fields: Record<string, unknown> & { message: string }): void;
}

/** PutLogEvents takes at most 10,000 events and 1 MB a call. */
const MAX_BATCH = 5_000;
/** Lines kept while the endpoint is unreachable; beyond it the oldest are dropped (and said once). */
const MAX_PENDING = 50_000;

interface FunctionLog {
  group: string;
  stream: string;
  ready?: Promise<void>;
  coldStart: boolean;
  pending: InputLogEvent[];
}

/**
 * Writes what Lambda writes to `/aws/lambda/<function>` for the simulated functions, through the
 * SDK's CloudWatch Logs client: `START`/`END`/`REPORT` lines with the RequestId (text format,
 * tab-separated, `REPORT` ending in a tab), and the handler's structured error lines. Buffered and
 * flushed every `flushIntervalMs`, one PutLogEvents per function, so a busy demo costs a call a
 * second.
 */
export class LambdaLogs {
  private readonly functions = new Map<string, FunctionLog>();

  constructor(
    private readonly clients: DemoClients,
    private readonly options: { flushIntervalMs: number; now: () => number; log: (line: string) => void },
  ) {}

  /**
   * Runs `body` as one invocation: START before, END and REPORT after (Duration from the real
   * time taken). The body's throw is rethrown after the lines are queued.
   */
  async invoke<T>(functionName: string, body: (invocation: Invocation) => Promise<T>, requestId: string = randomUUID()): Promise<T> {
    const fn = this.function(functionName);
    const write = (message: string) => this.push(fn, message);
    write(`START RequestId: ${requestId} Version: $LATEST\n`);
    const started = performance.now();
    const invocation: Invocation = {
      requestId,
      error: (fields) => write(`${JSON.stringify({ timestamp: new Date(this.options.now()).toISOString(), level: 'ERROR', requestId, ...fields })}\n`),
    };
    try {
      return await body(invocation);
    } catch (error) {
      // What the Node.js runtime prints for an unhandled error from the handler.
      write(
        `${JSON.stringify({ timestamp: new Date(this.options.now()).toISOString(), level: 'ERROR', requestId, errorType: errorName(error) || 'Error', errorMessage: errorMessage(error), message: `Invoke Error ${errorMessage(error)}` })}\n`,
      );
      throw error;
    } finally {
      const duration = performance.now() - started;
      write(`END RequestId: ${requestId}\n`);
      const init = fn.coldStart ? `Init Duration: ${(120 + Math.random() * 80).toFixed(2)} ms\t` : '';
      fn.coldStart = false;
      write(
        `REPORT RequestId: ${requestId}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.ceil(duration)} ms\tMemory Size: 128 MB\tMax Memory Used: ${60 + Math.floor(Math.random() * 20)} MB\t${init}\n`,
      );
    }
  }

  /** Flushes every `flushIntervalMs` until `signal` aborts, then once more. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(this.options.flushIntervalMs, signal);
      await this.flush(signal);
    }
    await this.flush();
  }

  async flush(signal?: AbortSignal): Promise<void> {
    for (const fn of this.functions.values()) {
      while (fn.pending.length > 0) {
        const batch = fn.pending.slice(0, MAX_BATCH);
        try {
          fn.ready ??= this.ensure(fn);
          await fn.ready;
          await this.clients.logs.send(new PutLogEventsCommand({ logGroupName: fn.group, logStreamName: fn.stream, logEvents: batch }), { abortSignal: signal });
          fn.pending.splice(0, batch.length);
        } catch (error) {
          fn.ready = undefined;
          if (!isAbort(error, signal)) this.options.log(`logs: PutLogEvents to ${fn.group} failed: ${errorMessage(error)}`);
          return;
        }
      }
    }
  }

  private push(fn: FunctionLog, message: string): void {
    fn.pending.push({ timestamp: this.options.now(), message });
    if (fn.pending.length > MAX_PENDING) {
      fn.pending.splice(0, fn.pending.length - MAX_PENDING);
    }
  }

  private function(name: string): FunctionLog {
    let fn = this.functions.get(name);
    if (!fn) {
      const day = new Date(this.options.now()).toISOString().slice(0, 10).replace(/-/g, '/');
      // One stream per execution environment: YYYY/MM/DD/[$LATEST]<32 hex>.
      fn = { group: `/aws/lambda/${name}`, stream: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`, coldStart: true, pending: [] };
      this.functions.set(name, fn);
    }
    return fn;
  }

  /** Lambda creates its group and stream itself on first use; an existing one is fine. */
  private async ensure(fn: FunctionLog): Promise<void> {
    const tolerateExisting = (error: unknown) => {
      if (errorName(error) !== 'ResourceAlreadyExistsException') throw error;
    };
    await this.clients.logs.send(new CreateLogGroupCommand({ logGroupName: fn.group })).catch(tolerateExisting);
    await this.clients.logs.send(new CreateLogStreamCommand({ logGroupName: fn.group, logStreamName: fn.stream })).catch(tolerateExisting);
  }
}
