import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { DemoClients } from './clients';
import { listMappings } from './resources';
import { errorMessage, isAbort } from './util';

/**
 * A consumer's view of its event source mapping, re-read from ListEventSourceMappings every few
 * seconds: what the dashboard shows (batch size, retries, enabled) is what the simulation runs.
 */
export class MappingConfig {
  private current: EventSourceMappingConfiguration | undefined;
  private readAt = 0;
  private lastReported: { result: string; at: number } | undefined;

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
   * Tells the emulator how the last batch went (its LastProcessingResult), at most every
   * `progressReportMs` unless the result changed. An emulator-only extension sent as a plain
   * UpdateEventSourceMapping-shaped PUT; errors are ignored (real AWS would reject it).
   */
  reportProgress(result: 'OK' | 'PROBLEM: Function call failed'): void {
    const uuid = this.current?.UUID;
    const endpoint = this.clients.endpoint;
    if (!uuid || !endpoint || this.options.progressReportMs <= 0) return;
    const now = Date.now();
    if (this.lastReported && this.lastReported.result === result && now - this.lastReported.at < this.options.progressReportMs) return;
    this.lastReported = { result, at: now };
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
