import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Simulation } from './simulation';

export interface ControlServer {
  /** `http://host:port`. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Every switch's action takes an optional `{"on": false}` to switch it off again; no body (or
 * `{"on": true}`) switches it on. New switches follow the same convention.
 */
const switchBodySchema = z.object({ on: z.boolean().optional() }).strict();
const spikeBodySchema = switchBodySchema
  .extend({
    factor: z.number().positive().max(100).optional(),
    durationMs: z.number().int().positive().max(3_600_000).optional(),
  })
  .strict();

/** Whether a switch action's body asks for on (the default) or off. */
function switchOn(body: unknown): boolean {
  return switchBodySchema.parse(body ?? {}).on ?? true;
}

/** Largest body the control API reads: it only ever takes a tiny spike option object. */
const MAX_BODY_BYTES = 4096;

type Action = (sim: Simulation, body: unknown) => void | Promise<void>;

const ACTIONS: Record<string, Action> = {
  '/fix-bug': (sim, body) => sim.fixBug(switchOn(body)),
  '/spike': (sim, body) => sim.spike(spikeBodySchema.parse(body ?? {})),
  '/stall-notifier': (sim, body) => sim.stallNotifier(switchOn(body)),
  '/ship-schema-change': (sim, body) => sim.shipSchemaChange(switchOn(body)),
  '/break-subscription': (sim, body) => sim.breakSubscription(switchOn(body)),
  '/reset': (sim) => sim.reset(),
};

/**
 * A tiny JSON API over the running simulation for the dashboard's demo banner:
 * `GET /status`, and `POST /fix-bug`, `/spike` (optional `{factor, durationMs}`),
 * `/stall-notifier`, `/ship-schema-change`, `/break-subscription`, `/reset`, each answering the
 * new SimStatus. Each switch takes an optional body `{"on": false}` to switch it off again
 * (default on); `SimStatus.switches` says which are on. Anything else is a JSON 404 or 405.
 */
export async function startControlServer(sim: Simulation, options: { port: number; host?: string }): Promise<ControlServer> {
  const server = http.createServer((req, res) => {
    void handle(sim, req, res);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(sim: Simulation, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://control').pathname;
  try {
    if (path === '/status') {
      if (req.method !== 'GET') return reply(res, 405, { error: { code: 'method_not_allowed', message: `${req.method} is not allowed on ${path}; use GET` } }, 'GET');
      return reply(res, 200, sim.status());
    }
    const action = ACTIONS[path];
    if (!action) return reply(res, 404, { error: { code: 'not_found', message: `No control endpoint ${path}` } });
    if (req.method !== 'POST') return reply(res, 405, { error: { code: 'method_not_allowed', message: `${req.method} is not allowed on ${path}; use POST` } }, 'POST');
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text.trim() === '' ? undefined : JSON.parse(text);
    } catch {
      return reply(res, 400, { error: { code: 'invalid', message: 'The body is not valid JSON' } });
    }
    await action(sim, body);
    await sim.settled();
    return reply(res, 200, sim.status());
  } catch (error) {
    if (error instanceof z.ZodError) {
      return reply(res, 422, { error: { code: 'invalid', message: error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') } });
    }
    return reply(res, 500, { error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } });
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: http.ServerResponse, status: number, payload: unknown, allow?: string): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    ...(allow ? { allow } : {}),
  });
  res.end(body);
}
