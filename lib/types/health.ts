import { z } from 'zod';

export const awsServiceNames = ['DynamoDB', 'DynamoDB Streams', 'SQS', 'Lambda', 'CloudWatch'] as const;
export type AwsServiceName = (typeof awsServiceNames)[number];

export const connectionSchema = z.object({
  /** `local`: the endpoint is the demo emulator; `endpoint`: another custom endpoint; `aws`: AWS itself. */
  kind: z.enum(['local', 'endpoint', 'aws']),
  /** What the header says: "Local demo endpoint 127.0.0.1:4566", "AWS eu-west-1, profile prod". */
  label: z.string(),
  region: z.string(),
  profile: z.string().optional(),
  endpoint: z.string().optional(),
  /** When services are at different endpoints: each group (`endpoint` undefined: AWS itself). */
  endpoints: z.array(z.object({ services: z.array(z.string()), endpoint: z.string().optional() })).optional(),
  readOnly: z.boolean(),
  demo: z.boolean(),
});
export type Connection = z.infer<typeof connectionSchema>;

export const serviceHealthSchema = z.object({
  service: z.enum(awsServiceNames),
  ok: z.boolean(),
  /** The AWS error name or the network error code when not ok. */
  code: z.string().optional(),
  message: z.string().optional(),
  latencyMs: z.number(),
});
export type ServiceHealth = z.infer<typeof serviceHealthSchema>;

export const healthSchema = z.object({
  connection: connectionSchema,
  services: z.array(serviceHealthSchema),
  /** ok: every service answered; degraded: some did; down: none did. */
  status: z.enum(['ok', 'degraded', 'down']),
  checkedAt: z.string(),
});
export type Health = z.infer<typeof healthSchema>;

/** The overall status of a set of probes. */
export function summariseHealth(services: Pick<ServiceHealth, 'ok'>[]): Health['status'] {
  const up = services.filter((s) => s.ok).length;
  if (up === services.length) return 'ok';
  return up === 0 ? 'down' : 'degraded';
}
