import 'server-only';
import { endpointsLabel, groupEndpoints } from '@/lib/connection/endpoints';
import type { Connection } from '@/lib/types/health';
import { currentAwsEnv, endpointFor, getClients, regionOf } from '../aws/clients';
import { policyForViewer } from './auth';

/** What Eddy is connected to, in words for the header. */
export async function describeConnection(): Promise<Connection> {
  // The current environment's region, endpoint and profile (eddy.config.json `environments`).
  const env = currentAwsEnv();
  let region = regionOf(env);
  if (!region) {
    // The region may come from the profile's config file: ask the SDK for the one it resolved.
    region = await getClients()
      .sqs.config.region()
      .catch(() => undefined);
  }
  const resolvedRegion = region ?? 'no region';
  const endpoint = env.AWS_ENDPOINT_URL ?? env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL_SQS;
  const base = { region: resolvedRegion, profile: env.AWS_PROFILE, readOnly: (await policyForViewer()).readOnly, demo: Boolean(env.EDDY_DEMO_CONTROL_URL) };
  // Services at different places (SQS here, DynamoDB there): the header names every one.
  const groups = groupEndpoints({
    DynamoDB: endpointFor(env, 'DYNAMODB'),
    'DynamoDB Streams': endpointFor(env, 'DYNAMODB_STREAMS'),
    SQS: endpointFor(env, 'SQS'),
    Lambda: endpointFor(env, 'LAMBDA'),
    CloudWatch: endpointFor(env, 'CLOUDWATCH'),
  });
  if (groups.length > 1) return { ...base, kind: 'endpoint', endpoint, endpoints: groups, label: endpointsLabel(groups, resolvedRegion) };
  if (endpoint) {
    const host = new URL(endpoint).host;
    const local = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(host);
    return local && (Number(new URL(endpoint).port) === env.EDDY_EMULATOR_PORT || base.demo)
      ? { ...base, kind: 'local', endpoint, label: `Local demo endpoint ${host}` }
      : { ...base, kind: 'endpoint', endpoint, label: `Endpoint ${host} (${resolvedRegion})` };
  }
  const profile = env.AWS_PROFILE ? `, profile ${env.AWS_PROFILE}` : '';
  return { ...base, kind: 'aws', label: `AWS ${resolvedRegion}${profile}` };
}
