import { describe, expect, it } from 'vitest';
import { environmentPath, routeEnvironment } from './route';

const names = ['prod', 'staging'];

describe('routeEnvironment', () => {
  it('rewrites /e/<name>/… to the route that exists, naming the environment', () => {
    expect(routeEnvironment('/e/staging/queues/orders', names)).toEqual({ kind: 'rewrite', environment: 'staging', pathname: '/queues/orders' });
    expect(routeEnvironment('/e/prod', names)).toEqual({ kind: 'rewrite', environment: 'prod', pathname: '/' });
    expect(routeEnvironment('/e/prod/', names)).toEqual({ kind: 'rewrite', environment: 'prod', pathname: '/' });
    expect(routeEnvironment('/e/staging/api/queues', names)).toEqual({ kind: 'rewrite', environment: 'staging', pathname: '/api/queues' });
  });

  it('refuses an environment that does not exist: a page with the not-found page, the rest with JSON', () => {
    expect(routeEnvironment('/e/dev/queues', names)).toEqual({ kind: 'unknown', name: 'dev', page: true, environment: 'prod' });
    expect(routeEnvironment('/e/dev', names)).toEqual({ kind: 'unknown', name: 'dev', page: true, environment: 'prod' });
    expect(routeEnvironment('/e/dev/', names)).toEqual({ kind: 'unknown', name: 'dev', page: true, environment: 'prod' });
    expect(routeEnvironment('/e/%E0%A4%A/queues', names)).toEqual({ kind: 'unknown', name: '%E0%A4%A', page: true, environment: 'prod' });
    expect(routeEnvironment('/e/Prod/queues', names)).toMatchObject({ kind: 'unknown', name: 'Prod', page: true });
    for (const path of ['/e/dev/api/queues', '/e/dev/api', '/e/dev/auth/signin', '/e/dev/_next/data/x', '/e/dev/favicon.ico']) {
      expect(routeEnvironment(path, names)).toEqual({ kind: 'unknown', name: 'dev', page: false, environment: 'prod' });
    }
  });

  it('redirects an old page URL to the default environment', () => {
    expect(routeEnvironment('/queues/orders.fifo', names)).toEqual({ kind: 'redirect', pathname: '/e/prod/queues/orders.fifo' });
    expect(routeEnvironment('/', names)).toEqual({ kind: 'redirect', pathname: '/e/prod' });
    // Not an environment prefix: a page whose first segment merely starts with "e".
    expect(routeEnvironment('/events', names)).toEqual({ kind: 'redirect', pathname: '/e/prod/events' });
  });

  it('serves the API, sign-in and root files without the prefix, for the default environment', () => {
    for (const path of ['/api/queues', '/api', '/api/healthz', '/auth/signin', '/auth/callback', '/_next/data/x', '/favicon.ico']) {
      expect(routeEnvironment(path, names)).toEqual({ kind: 'pass', environment: 'prod' });
    }
  });
});

describe('environmentPath', () => {
  it('prefixes a path, the root without a trailing slash', () => {
    expect(environmentPath('prod', '/queues')).toBe('/e/prod/queues');
    expect(environmentPath('prod', '/')).toBe('/e/prod');
  });
});
