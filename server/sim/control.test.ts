import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from '../emulator/testing';
import { createDemoClients, type DemoClients } from './clients';
import { startControlServer, type ControlServer } from './control';
import { startSimulation, type Simulation, type SimStatus } from './simulation';

let emu: TestEmulator;
let clients: DemoClients;
let sim: Simulation;
let control: ControlServer;

beforeAll(async () => {
  emu = await startTestEmulator();
  clients = createDemoClients({ endpoint: emu.url, region: 'us-east-1', credentials: TEST_CREDENTIALS });
  sim = await startSimulation({ clients, rate: 2, tuning: { waitTimeSeconds: 1 } });
  control = await startControlServer(sim, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await control.stop();
  await sim.stop();
  clients.destroy();
  await emu.stop();
});

async function call(method: string, path: string, body?: string) {
  const res = await fetch(`${control.url}${path}`, { method, body });
  return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as unknown };
}

describe('the demo control API', () => {
  it('answers GET /status with the simulation status', async () => {
    const res = await call('GET', '/status');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/json/);
    expect(res.json).toEqual({
      switches: { 'fix-bug': false, spike: false, 'stall-notifier': false, 'ship-schema-change': false, 'break-subscription': false },
      bugFixed: false,
      spikeUntil: null,
      notifierStalled: false,
      schemaChangeShipped: false,
      subscriptionBroken: false,
      rate: 2,
      counters: {
        ordersPlaced: expect.any(Number),
        projected: expect.any(Number),
        projectorFailures: expect.any(Number),
        fulfilled: expect.any(Number),
        fulfillmentFailures: expect.any(Number),
        notificationsSent: expect.any(Number),
        notified: expect.any(Number),
      },
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it.each([
    { path: '/fix-bug', body: undefined, expected: { bugFixed: true } },
    { path: '/stall-notifier', body: undefined, expected: { notifierStalled: true } },
    { path: '/spike', body: undefined, expected: { rate: 20, spikeUntil: expect.any(String) } },
    { path: '/spike', body: '{"factor":3,"durationMs":60000}', expected: { rate: 6 } },
    { path: '/ship-schema-change', body: undefined, expected: { schemaChangeShipped: true } },
    { path: '/ship-schema-change', body: '{"on":false}', expected: { schemaChangeShipped: false } },
    { path: '/ship-schema-change', body: '{"on":true}', expected: { schemaChangeShipped: true } },
    { path: '/break-subscription', body: undefined, expected: { subscriptionBroken: true } },
    { path: '/break-subscription', body: '{"on":false}', expected: { subscriptionBroken: false } },
    { path: '/break-subscription', body: '{"on":true}', expected: { subscriptionBroken: true } },
    { path: '/reset', body: undefined, expected: { bugFixed: false, notifierStalled: false, schemaChangeShipped: false, subscriptionBroken: false, spikeUntil: null, rate: 2 } },
  ])('POST $path $body answers the new status', async ({ path, body, expected }) => {
    const res = await call('POST', path, body);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject(expected);
    expect((res.json as SimStatus).counters).toBeDefined();
  });

  it.each([
    { path: '/fix-bug', on: { bugFixed: true }, off: { bugFixed: false } },
    { path: '/stall-notifier', on: { notifierStalled: true }, off: { notifierStalled: false } },
    { path: '/spike', on: { rate: 20, spikeUntil: expect.any(String) }, off: { rate: 2, spikeUntil: null } },
  ])('switches $path off again with {"on": false}, and on with {"on": true}', async ({ path, on, off }) => {
    const name = path.slice(1);
    const first = await call('POST', path, '{"on":true}');
    expect(first.json).toMatchObject({ ...on, switches: { [name]: true } });
    const second = await call('POST', path, '{"on":false}');
    expect(second.status).toBe(200);
    expect(second.json).toMatchObject({ ...off, switches: { [name]: false } });
    expect((await call('GET', '/status')).json).toMatchObject({ ...off, switches: { [name]: false } });
  });

  it('leaves the other switches as they are when one is switched off', async () => {
    await call('POST', '/fix-bug');
    await call('POST', '/stall-notifier');
    const res = await call('POST', '/stall-notifier', '{"on":false}');
    expect(res.json).toMatchObject({ bugFixed: true, notifierStalled: false, switches: { 'fix-bug': true, 'stall-notifier': false } });
    await call('POST', '/reset');
  });

  it('ends a spike after its duration', async () => {
    // Long enough that the answer is computed inside the spike even on a loaded machine (the
    // spike and the status it answers run in one synchronous turn), short enough to wait out.
    const res = await call('POST', '/spike', '{"factor":5,"durationMs":250}');
    expect(res.json).toMatchObject({ rate: 10 });
    await vi.waitFor(async () => {
      expect((await call('GET', '/status')).json).toMatchObject({ rate: 2, spikeUntil: null });
    }, { timeout: 5_000, interval: 50 });
  });

  it.each([
    { method: 'GET', path: '/nope', status: 404, code: 'not_found' },
    { method: 'GET', path: '/fix-bug', status: 405, code: 'method_not_allowed' },
    { method: 'DELETE', path: '/status', status: 405, code: 'method_not_allowed' },
    { method: 'POST', path: '/spike', body: '{not json', status: 400, code: 'invalid' },
    { method: 'POST', path: '/spike', body: '{"factor":-1}', status: 422, code: 'invalid' },
    { method: 'POST', path: '/spike', body: '{"speed":2}', status: 422, code: 'invalid' },
    { method: 'POST', path: '/fix-bug', body: '{"on":"no"}', status: 422, code: 'invalid' },
    { method: 'POST', path: '/stall-notifier', body: '{"off":true}', status: 422, code: 'invalid' },
    { method: 'POST', path: '/ship-schema-change', body: '{"on":"no"}', status: 422, code: 'invalid' },
    { method: 'POST', path: '/break-subscription', body: '{"on":"no"}', status: 422, code: 'invalid' },
  ])('answers $method $path $body with a JSON $status', async ({ method, path, body, status, code }) => {
    const res = await call(method, path, body);
    expect(res.status).toBe(status);
    expect(res.type).toMatch(/^application\/json/);
    expect(res.json).toEqual({ error: { code, message: expect.any(String) } });
  });
});
