import * as client from 'openid-client';

/** Where the provider sends the browser back after ending its session: register it at the provider too. */
export const SIGNED_OUT_PATH = '/auth/signed-out';

/**
 * Where Eddy's sign-out sends the browser so that the provider ends its own session too
 * (OpenID Connect RP-Initiated Logout 1.0): its `end_session_endpoint` with the ID token as
 * `id_token_hint`, Eddy's client id and `<origin>/auth/signed-out` to come back to. Undefined
 * when the provider advertises no such endpoint: sign-out is then Eddy's alone.
 */
export function providerSignOutUrl(config: client.Configuration, { origin, idToken }: { origin: string; idToken?: string }): URL | undefined {
  if (!config.serverMetadata().end_session_endpoint) return undefined;
  return client.buildEndSessionUrl(config, { post_logout_redirect_uri: `${origin}${SIGNED_OUT_PATH}`, ...(idToken ? { id_token_hint: idToken } : {}) });
}
