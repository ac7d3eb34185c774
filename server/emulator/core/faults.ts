import { z } from 'zod';
import { AwsError, defaultStatusFor } from './errors';

export const faultRuleSchema = z.object({
  /** `DynamoDBStreams_20120810.GetRecords`, `AmazonSQS.*`, `Lambda.ListEventSourceMappings`, or `*`. */
  target: z.string().min(1),
  error: z.string().min(1).optional(),
  status: z.number().int().min(400).max(599).optional(),
  message: z.string().optional(),
  /** Probability that a matching request fails, 0..1 (default 1 when `error` is given). */
  rate: z.number().min(0).max(1).optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  /** Only requests whose body contains this text (a queue's name, a table's): one resource slowed, the rest answered. */
  bodyContains: z.string().min(1).optional(),
});
export const faultRulesSchema = z.object({ rules: z.array(faultRuleSchema) });
export type FaultRule = z.infer<typeof faultRuleSchema>;

function matches(pattern: string, target: string): boolean {
  return pattern.endsWith('*') ? target.startsWith(pattern.slice(0, -1)) : pattern === target;
}

/** Fault injection for reliability tests: added latency and AWS errors on chosen targets. */
export class FaultInjector {
  private rules: FaultRule[] = [];

  set(rules: FaultRule[]): void {
    this.rules = rules;
  }

  list(): FaultRule[] {
    return this.rules;
  }

  clear(): void {
    this.rules = [];
  }

  /** Waits for injected latency, then throws the injected error, if a rule says so. `body`: the request's, as text. */
  async apply(target: string, body = '', random: () => number = Math.random): Promise<void> {
    if (this.rules.length === 0) return;
    for (const rule of this.rules) {
      if (!matches(rule.target, target)) continue;
      if (rule.bodyContains !== undefined && !body.includes(rule.bodyContains)) continue;
      if (rule.latencyMs) await new Promise((resolve) => setTimeout(resolve, rule.latencyMs));
      if (rule.error && random() < (rule.rate ?? 1)) {
        const status = rule.status ?? defaultStatusFor(rule.error);
        throw new AwsError(rule.error, rule.message ?? `Injected fault: ${rule.error}`, { status, queryCode: rule.error });
      }
    }
  }
}
