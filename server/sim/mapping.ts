import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { DemoClients } from './clients';
import { listMappings } from './resources';
import { errorMessage, isAbort } from './util';

const PROBLEM = 'PROBLEM: Function call failed';
export type ProcessingResult = 'OK' | typeof PROBLEM;

/**
 * A consumer's view of its event source mapping, re-read from ListEventSourceMappings every few
 * seconds: what the dashboard shows (batch size, retries, enabled) is what the simulation runs.
 */
export class MappingConfig {
  private current: EventSourceMappingConfiguration | undefined;
  private readAt = 0;
  private pending: ProcessingResult | undefined;
  private sentAt = 0;
  private trailing: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly clients: DemoClients,
    private readonly functionName: string,
    private readonly eventSourceArn: string,
    private readonly options: { refreshMs: number; progressReportMs: number; log: (line: string) => void },
  ) {}

  /** The mapping, refreshed when older than `refreshMs`; undefined when none exists (nothing to run). */
  async get(signal?: AbortSignal): Promise<EventSourceMappingConfiguration | undefined> {
    if (this.current && Date.now() - this.readAt < this.options.refreshMs) return this.current;
    try {
      const mappings = await listMappings(this.clients, this.functionName, signal);
      this.current = mappings.find((m) => m.EventSourceArn === this.eventSourceArn);
      this.readAt = Date.now();
    } catch (error) {
      // Keep the last known configuration through a transient failure.
      if (!isAbort(error, signal)) this.options.log(`${this.functionName}: ListEventSourceMappings failed: ${errorMessage(error)}`);
    }
    return this.current;
  }

  /**
   * Tells the emulator how batches went (its LastProcessingResult): at most once per
   * `progressReportMs`, reporting a PROBLEM if any batch of the window failed, and a trailing
   * report so the last window is not lost when the mapping goes idle. An emulator-only extension
   * sent as a plain UpdateEventSourceMapping-shaped PUT; errors are ignored (real AWS rejects it).
   */
  reportProgress(result: ProcessingResult): void {
    if (!this.current?.UUID || !this.clients.endpoint || this.options.progressReportMs <= 0) return;
    if (this.pending !== PROBLEM) this.pending = result;
    const wait = this.sentAt + this.options.progressReportMs - Date.now();
    if (wait <= 0) this.sendPending();
    else if (!this.trailing) {
      this.trailing = setTimeout(() => {
        this.trailing = undefined;
        this.sendPending();
      }, wait);
      this.trailing.unref?.();
    }
  }

  /** Cancels a scheduled trailing report (on stop). */
  close(): void {
    if (this.trailing) clearTimeout(this.trailing);
    this.trailing = undefined;
  }

  private sendPending(): void {
    const uuid = this.current?.UUID;
    const endpoint = this.clients.endpoint;
    const result = this.pending;
    if (!uuid || !endpoint || !result) return;
    this.pending = undefined;
    this.sentAt = Date.now();
    fetch(`${endpoint.replace(/\/$/, '')}/2015-03-31/event-source-mappings/${encodeURIComponent(uuid)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ LastProcessingResult: result }),
      signal: AbortSignal.timeout(2000),
    })
      .then((res) => res.body?.cancel())
      .catch(() => undefined);
  }
}

/** `arn:aws:sqs:<region>:<account>:<name>` → its QueueUrl, as Lambda resolves an on-failure destination. */
export async function queueUrlOfArn(clients: DemoClients, arn: string, signal?: AbortSignal): Promise<string> {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[2] !== 'sqs') throw new Error(`Not an SQS queue ARN: ${arn}`);
  const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: parts[5], QueueOwnerAWSAccountId: parts[4] }), { abortSignal: signal });
  if (!QueueUrl) throw new Error(`No QueueUrl for ${arn}`);
  return QueueUrl;
}
