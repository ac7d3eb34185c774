import 'server-only';
// STS from @aws-sdk/nested-clients: the very client the SDK's own credential chain assumes roles
// with, already installed with every client at the clients' version (package.json declares it, so
// npm ci keeps it); @aws-sdk/client-sts would add a second copy of the SDK's core.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';

/** Refresh this long before the assumed role's credentials expire. */
const REFRESH_BEFORE_MS = 5 * 60_000;

export interface AssumeRoleSettings {
  roleArn: string;
  externalId?: string;
  /** The environment's name: part of the session name, so CloudTrail shows which Eddy environment it was. */
  sessionLabel: string;
  region: string | undefined;
  /** The source credentials' profile; unset: the default chain. */
  profile?: string;
}

/**
 * Credentials of a role assumed with STS (sts:AssumeRole, with the external id when given), from
 * the profile's or the default chain's credentials; renewed shortly before they expire. A failed
 * call is not kept: the next request tries again.
 */
export function assumeRoleCredentials(settings: AssumeRoleSettings, sts = new STSClient({ region: settings.region, profile: settings.profile, userAgentAppId: 'eddy' })): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  let current: AwsCredentialIdentity | undefined;
  const fresh = () => current && (!current.expiration || current.expiration.getTime() - Date.now() > REFRESH_BEFORE_MS);
  return async () => {
    if (fresh()) return current as AwsCredentialIdentity;
    pending ??= sts
      .send(
        new AssumeRoleCommand({
          RoleArn: settings.roleArn,
          RoleSessionName: `eddy-${settings.sessionLabel}`.slice(0, 64),
          ExternalId: settings.externalId,
        }),
      )
      .then((out) => {
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`sts:AssumeRole of ${settings.roleArn} returned no credentials`);
        current = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
        return current;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
