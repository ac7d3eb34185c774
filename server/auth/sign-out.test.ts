import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { providerSignOutUrl } from './sign-out';

const ISSUER = 'https://id.example.com';
const configWith = (metadata: Partial<client.ServerMetadata>) => new client.Configuration({ issuer: ISSUER, ...metadata }, 'eddy', 'shh');

describe('providerSignOutUrl', () => {
  it('sends the browser to the end_session_endpoint with the ID token, the client id and where to come back', () => {
    const url = providerSignOutUrl(configWith({ end_session_endpoint: `${ISSUER}/session/end` }), { origin: 'https://eddy.example.com', idToken: 'header.payload.sig' });
    expect(url?.origin + (url?.pathname ?? '')).toBe(`${ISSUER}/session/end`);
    expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({ post_logout_redirect_uri: 'https://eddy.example.com/auth/signed-out', id_token_hint: 'header.payload.sig', client_id: 'eddy' });
  });

  it('goes without the hint when the session kept no ID token (the provider asks the user to confirm)', () => {
    const url = providerSignOutUrl(configWith({ end_session_endpoint: `${ISSUER}/session/end` }), { origin: 'https://eddy.example.com' });
    expect(url?.searchParams.has('id_token_hint')).toBe(false);
    expect(url?.searchParams.get('client_id')).toBe('eddy');
  });

  it('is undefined when the provider advertises no end_session_endpoint: sign-out stays local', () => {
    expect(providerSignOutUrl(configWith({}), { origin: 'https://eddy.example.com', idToken: 'header.payload.sig' })).toBeUndefined();
  });
});
