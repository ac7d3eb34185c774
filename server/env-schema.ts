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
  /** OpenID Connect sign-in (all four of issuer, client id, client secret and session secret, or none). */
  EDDY_OIDC_ISSUER: url.optional(),
  EDDY_OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  EDDY_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  EDDY_OIDC_SCOPES: z.string().trim().min(1).default('openid email profile'),
  /** The claim whose values EDDY_OPERATORS / EDDY_VIEWERS may name (besides emails). */
  EDDY_OIDC_GROUPS_CLAIM: z.string().trim().min(1).default('groups'),
  /** Seals the session cookie (AES-256-GCM); at least 32 characters. */
  EDDY_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Comma-separated emails or group values: who is an operator (everyone else signed in is a viewer). */
  EDDY_OPERATORS: z.string().trim().optional(),
  /** Comma-separated emails or group values: who may sign in at all (unset: anyone the issuer admits). */
  EDDY_VIEWERS: z.string().trim().optional(),
  /** The origin users reach Eddy at (behind a proxy): the sign-in callback is `<EDDY_PUBLIC_URL>/auth/callback`. */
  EDDY_PUBLIC_URL: url.optional(),
  /** Trust X-Forwarded-Proto/Host/For from a reverse proxy in front of Eddy. */
  EDDY_TRUST_PROXY: flag.default(false),
  /** Tests only: the AWS CLI 2 binary the emulator's CLI session runs (default `/usr/bin/aws`). */
  EDDY_AWS_CLI: z.string().trim().min(1).optional(),
}).superRefine((env, ctx) => {
  // Sign-in is all or nothing: half a configuration would silently leave Eddy open.
  const oidc = ['EDDY_OIDC_ISSUER', 'EDDY_OIDC_CLIENT_ID', 'EDDY_OIDC_CLIENT_SECRET', 'EDDY_SESSION_SECRET'] as const;
  if (!oidc.some((key) => env[key] !== undefined)) return;
  for (const key of oidc) {
    if (env[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `must be set with ${oidc.filter((k) => k !== key).join(', ')} (sign-in)` });
  }
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
