import { z } from 'zod';

/** `1/true/yes/on` and `0/false/no/off`, any case; empty means unset. */
const flag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => /^(1|true|yes|on|0|false|no|off)$/.test(v), { message: 'must be 1/true/yes/on or 0/false/no/off' })
  .transform((v) => /^(1|true|yes|on)$/.test(v));

const port = z.coerce.number({ error: 'must be a port number' }).int('must be a whole number').min(1, 'must be 1–65535').max(65535, 'must be 1–65535');

const url = z.url({ message: 'must be a URL such as http://127.0.0.1:4566' });

/** Every variable Eddy reads, with its default. The README's configuration table mirrors this. */
export const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  AWS_REGION: z.string().trim().regex(/^[a-z]{2}(-[a-z]+)+-\d$|^local$/, 'must be a region such as eu-west-1').optional(),
  AWS_DEFAULT_REGION: z.string().trim().optional(),
  AWS_PROFILE: z.string().trim().min(1).optional(),
  AWS_ENDPOINT_URL: url.optional(),
  AWS_ENDPOINT_URL_DYNAMODB: url.optional(),
  AWS_ENDPOINT_URL_DYNAMODB_STREAMS: url.optional(),
  AWS_ENDPOINT_URL_SQS: url.optional(),
  AWS_ENDPOINT_URL_SNS: url.optional(),
  AWS_ENDPOINT_URL_LAMBDA: url.optional(),
  AWS_ENDPOINT_URL_CLOUDWATCH: url.optional(),
  AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url.optional(),
  EDDY_READ_ONLY: flag.default(false),
  EDDY_OPERATOR_TOKEN: z.string().min(12, 'must be at least 12 characters').optional(),
  EDDY_DATA_DIR: z.string().trim().min(1).default('.eddy'),
  EDDY_EMULATOR_PORT: port.default(4566),
  /** Declared consumers and edges for the flow graph (optional file). */
  EDDY_CONFIG_FILE: z.string().trim().min(1).default('eddy.config.json'),
  /** Set by `npm run demo`: where the demo system's control API listens. Absent against real AWS. */
  EDDY_DEMO_CONTROL_URL: url.optional(),
  /** Eddy's own GetRecords calls per second per shard, at most (everything Eddy reads shares it). */
  EDDY_SHARD_READS_PER_SECOND: z.coerce.number({ error: 'must be a number' }).positive('must be above 0').max(20, 'must be at most 20').default(4),
  /** Where health alerts are POSTed when a finding opens or resolves: one or more URLs, comma-separated. */
  EDDY_ALERT_WEBHOOK_URL: z
    .string()
    .transform((v) => v.split(',').map((u) => u.trim()).filter(Boolean))
    .pipe(z.array(z.url({ message: 'must be a comma-separated list of URLs such as https://hooks.slack.com/services/…' })))
    .default([]),
  /** Tests only: the AWS CLI 2 binary the emulator's CLI session runs (default `/usr/bin/aws`). */
  EDDY_AWS_CLI: z.string().trim().min(1).optional(),
});

export type Env = z.infer<typeof envSchema>;

export type EnvResult = { ok: true; env: Env } | { ok: false; problems: string[] };

/** Parses a process environment; empty strings count as unset, as a shell's `VAR=` means. */
export function parseEnv(source: Record<string, string | undefined>): EnvResult {
  const input: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = source[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const result = envSchema.safeParse(input);
  if (result.success) return { ok: true, env: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? 'environment');
      return `${key}=${JSON.stringify(input[key] ?? '')}: ${issue.message}`;
    }),
  };
}
