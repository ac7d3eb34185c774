import { PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { DemoClients } from './clients';
import { errorMessage, isAbort, sleep } from './util';

interface FunctionWindow {
  invocations: number;
  errors: number;
  /** Largest IteratorAge seen in the window (the dashboard reads the Maximum statistic). */
  iteratorAgeMs?: number;
}

/**
 * Publishes the `AWS/Lambda` metrics Lambda itself would publish for the simulated functions
 * (Invocations, Errors, IteratorAge, dimension FunctionName), aggregated over a short window so
 * a busy demo costs one PutMetricData call per window. Only the emulator accepts this: real
 * CloudWatch reserves the `AWS/` namespaces for AWS.
 */
export class LambdaMetrics {
  private window = new Map<string, FunctionWindow>();

  constructor(
    private readonly clients: DemoClients,
    private readonly options: { flushIntervalMs: number; now: () => number; log: (line: string) => void },
  ) {}

  invocation(functionName: string, failed: boolean): void {
    const entry = this.entry(functionName);
    entry.invocations += 1;
    if (failed) entry.errors += 1;
  }

  iteratorAge(functionName: string, ageMs: number): void {
    const entry = this.entry(functionName);
    entry.iteratorAgeMs = Math.max(entry.iteratorAgeMs ?? 0, Math.max(0, ageMs));
  }

  /** Flushes every `flushIntervalMs` until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(this.options.flushIntervalMs, signal);
      await this.flush(signal);
    }
  }

  /** Sends what the window holds; a failed send is logged and dropped, like a lost datapoint. */
  async flush(signal?: AbortSignal): Promise<void> {
    if (this.window.size === 0) return;
    const window = this.window;
    this.window = new Map();
    const timestamp = new Date(this.options.now());
    const data: MetricDatum[] = [];
    for (const [functionName, entry] of window) {
      const Dimensions = [{ Name: 'FunctionName', Value: functionName }];
      if (entry.invocations > 0) {
        data.push({ MetricName: 'Invocations', Dimensions, Timestamp: timestamp, Value: entry.invocations, Unit: 'Count' });
        data.push({ MetricName: 'Errors', Dimensions, Timestamp: timestamp, Value: entry.errors, Unit: 'Count' });
      }
      if (entry.iteratorAgeMs !== undefined) {
        data.push({ MetricName: 'IteratorAge', Dimensions, Timestamp: timestamp, Value: entry.iteratorAgeMs, Unit: 'Milliseconds' });
      }
    }
    if (data.length === 0) return;
    try {
      // PutMetricData takes at most 1000 datums; three functions give at most nine.
      await this.clients.cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/Lambda', MetricData: data }), { abortSignal: signal });
    } catch (error) {
      if (!isAbort(error, signal)) this.options.log(`metrics: PutMetricData failed: ${errorMessage(error)}`);
    }
  }

  private entry(functionName: string): FunctionWindow {
    let entry = this.window.get(functionName);
    if (!entry) {
      entry = { invocations: 0, errors: 0 };
      this.window.set(functionName, entry);
    }
    return entry;
  }
}
