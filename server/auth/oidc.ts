import 'server-only';
import * as client from 'openid-client';
import { service } from '../services';
import type { SignInSettings } from './config';

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/**
 * The issuer's configuration (discovery document, keys), discovered once per process with
 * openid-client. ID tokens are verified against the issuer's JWKS (enableNonRepudiationChecks),
 * not only trusted because they came over TLS. Plain http is allowed for an issuer on this
 * machine only (tests, a local provider). A failed discovery is forgotten, so the next sign-in
 * tries again.
 */
export function issuerConfig(settings: SignInSettings): Promise<client.Configuration> {
  const slot = service('oidcIssuer', () => ({}) as IssuerSlot);
  if (!slot.config) {
    const pending = discover(settings);
    slot.config = pending;
    pending.catch(() => {
      if (slot.config === pending) slot.config = undefined;
    });
  }
  return slot.config;
}

/** The process's discovered issuer (server/services.ts keeps the slot). */
export interface IssuerSlot {
  config?: Promise<client.Configuration>;
}

async function discover(settings: SignInSettings): Promise<client.Configuration> {
  const issuer = new URL(settings.issuer);
  const insecure = issuer.protocol === 'http:' && LOOPBACK_HOST.test(issuer.hostname);
  return client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
    execute: [client.enableNonRepudiationChecks, ...(insecure ? [client.allowInsecureRequests] : [])],
  });
}

export { client as oidc };
