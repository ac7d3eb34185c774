import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Transition } from '@/lib/health/hysteresis';
import type { Finding } from '@/lib/types/flow';
import { AlertDeliverer, digestMessage, redactUrl, transitionMessage } from './alerts';

/** A local webhook receiver: answers the statuses queued in `replies` (then 200), records every body. */
let server: Server;
let base: string;
let received: { path: string; body: Record<string, unknown> }[] = [];
let replies: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(text) });
      res.statusCode = replies.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
  replies = [];
});

const finding = (name: string): Finding => ({
  id: `consumer-stalled:${name}`,
  rule: 'consumer-stalled',
  severity: 'critical',
  title: `Nothing is consuming ${name}`,
  why: '',
  fix: '',
  resource: { kind: 'queue', name, href: `/queues/${name}` },
});
const transition = (name: string, status: Transition['status'] = 'open'): Transition => ({ status, finding: finding(name), since: 1_800_000_000_000, at: 1_800_000_060_000 });
const noWait = () => Promise.resolve();

describe('AlertDeliverer', () => {
  it('POSTs one message per transition in the documented shape, with a text Slack and Teams show', async () => {
    const d = new AlertDeliverer({ urls: [`${base}/hook/secret-token`], baseUrl: 'http://127.0.0.1:3000', sleep: noWait });
    d.notify([transition('notifications'), transition('fulfillment', 'resolved')]);
    await d.idle();
    expect(received.map((r) => r.body)).toEqual([
      {
        status: 'open',
        rule: 'consumer-stalled',
        severity: 'critical',
        resource: { kind: 'queue', name: 'notifications' },
        summary: 'Nothing is consuming notifications',
        since: new Date(1_800_000_000_000).toISOString(),
        url: 'http://127.0.0.1:3000/queues/notifications',
        text: expect.stringContaining('Nothing is consuming notifications'),
      },
      expect.objectContaining({ status: 'resolved', resource: { kind: 'queue', name: 'fulfillment' } }),
    ]);
    expect(d.deliveries().map((x) => [x.status, x.attempts, x.webhook])).toEqual([
      ['delivered', 1, `${base}/…`],
      ['delivered', 1, `${base}/…`],
    ]);
  });

  it('retries a failing webhook with doubling backoff, then reports the failure', async () => {
    const waits: number[] = [];
    const d = new AlertDeliverer({ urls: [`${base}/hook`], baseUrl: 'http://x', attempts: 3, backoffMs: 100, sleep: async (ms) => void waits.push(ms) });
    replies = [500, 503];
    d.notify([transition('a')]);
    await d.idle();
    expect(received).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
    expect(d.deliveries()[0]).toMatchObject({ status: 'delivered', attempts: 3 });

    replies = [500, 500, 500];
    d.notify([transition('b')]);
    await d.idle();
    expect(d.deliveries()[0]).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 500', summary: 'Nothing is consuming b' });
  });

  it('reports an unreachable webhook as failed, and never throws into the caller', async () => {
    const d = new AlertDeliverer({ urls: ['http://127.0.0.1:9/nothing'], baseUrl: 'http://x', attempts: 2, sleep: noWait });
    expect(() => d.notify([transition('a')])).not.toThrow();
    await d.idle();
    expect(d.deliveries()[0]).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('sends one digest when more than ten change at once, to every webhook', async () => {
    const d = new AlertDeliverer({ urls: [`${base}/one`, `${base}/two`], baseUrl: 'http://127.0.0.1:3000', sleep: noWait });
    d.notify(Array.from({ length: 11 }, (_, i) => transition(`q${i}`)));
    await d.idle();
    expect(received.map((r) => r.path).sort()).toEqual(['/one', '/two']);
    const digest = received[0].body as { status: string; summary: string; findings: unknown[]; text: string; url: string };
    expect(digest).toMatchObject({ status: 'digest', summary: '11 findings opened, 0 resolved', url: 'http://127.0.0.1:3000/alerts' });
    expect(digest.findings).toHaveLength(11);
    expect(digest.text.split('\n')).toHaveLength(12);

    received = [];
    d.notify(Array.from({ length: 10 }, (_, i) => transition(`q${i}`, 'resolved')));
    await d.idle();
    expect(received).toHaveLength(20);
  });

  it('shows a webhook by its origin only', () => {
    expect(redactUrl('https://hooks.slack.com/services/T000/B000/XXXX')).toBe('https://hooks.slack.com/…');
  });
});

describe('alert links', () => {
  it('point into the environment when the base URL names one', () => {
    expect(transitionMessage(transition('orders'), 'http://127.0.0.1:3000/e/staging').url).toBe('http://127.0.0.1:3000/e/staging/queues/orders');
    expect(digestMessage([transition('orders')], 'https://eddy.example.com/e/prod/').url).toBe('https://eddy.example.com/e/prod/alerts');
    expect(transitionMessage(transition('orders'), 'http://127.0.0.1:3000').url).toBe('http://127.0.0.1:3000/queues/orders');
  });
});
