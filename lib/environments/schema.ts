import { z } from 'zod';

/** The name of the one environment Eddy has when `eddy.config.json` declares none. */
export const DEFAULT_ENVIRONMENT_NAME = 'default';

/** The request header the proxy sets for the environment a request is about (never trusted from the client: the proxy overwrites it). */
export const ENVIRONMENT_HEADER = 'x-eddy-environment';
/** The request header naming the environment a `/e/<name>/…` page asked for that does not exist (set by the proxy only, percent-encoded). */
export const UNKNOWN_ENVIRONMENT_HEADER = 'x-eddy-unknown-environment';

/** A name fit for a URL segment: `/e/<name>/queues`. */
const nameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1–40 lower-case letters, digits, "-" or "_", starting with a letter or digit (it is part of the URL)');

const regionSchema = z.string().trim().regex(/^[a-z]{2}(-[a-z]+)+-\d$|^local$/, 'must be a region such as eu-west-1');

/**
 * One account and region Eddy watches. Credentials come from `profile` (the shared config and
 * credentials files), else from the default chain; with `roleArn` Eddy assumes that role with STS
 * (with `externalId` when given) using those credentials as the source.
 */
export const environmentSchema = z.strictObject({
  name: nameSchema,
  region: regionSchema,
  profile: z.string().trim().min(1).optional(),
  roleArn: z
    .string()
    .trim()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be a role ARN such as arn:aws:iam::123456789012:role/eddy-read')
    .optional(),
  externalId: z.string().trim().min(2).max(1224).optional(),
  /** Overrides AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> for every client of this environment. */
  endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** Operators of this environment only (emails or group values), beside EDDY_OPERATORS. */
  operators: z.array(z.string().trim().min(1)).optional(),
});

export type EnvironmentConfig = z.infer<typeof environmentSchema>;

export const environmentsSchema = z
  .array(environmentSchema)
  .min(1, 'must list at least one environment (or leave "environments" out)')
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((environment, index) => {
      if (seen.has(environment.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `"${environment.name}" is listed twice` });
      seen.add(environment.name);
      if (environment.externalId && !environment.roleArn) ctx.addIssue({ code: 'custom', path: [index, 'externalId'], message: 'needs a roleArn (the external id is sent when assuming it)' });
    });
  });

/** What the browser needs to know of an environment: no credentials, no endpoint. */
export interface EnvironmentSummary {
  name: string;
  region: string | undefined;
}
