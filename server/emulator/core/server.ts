import { randomUUID } from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { EmulatorClock } from './clock';
import { crc32 } from './crc32';
import { AwsError } from './errors';
import { FaultInjector, faultRulesSchema } from './faults';
import { encodeQueryError, parseForm, queryServiceOf, runQueryAction, type QueryService } from './query-protocol';
import { EmulatorStats } from './stats';
import type { EmulatorConfig, JsonService, RequestContext, RestService } from './types';

/** DynamoDB's BatchWriteItem may carry 16 MB; nothing the SDK sends here is larger. */
const MAX_REQUEST_BYTES = 20 * 1024 * 1024;

const clockBodySchema = z.object({ advanceMs: z.number().min(0) });

export interface HttpServerOptions {
  port: number;
  host: string;
  config: EmulatorConfig;
  clock: EmulatorClock;
  stats: EmulatorStats;
  faults: FaultInjector;
  jsonServices: JsonService[];
  restServices: RestService[];
  /** Services also spoken in the AWS query protocol (form in, XML out). */
  queryServices?: QueryService[];
}

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\//;
/** The SDK's `userAgentAppId` appears in its User-Agent as `app/<id>`. */
const APP_ID = /(?:^|\s)app\/([^\s]+)/;

function appIdOf(req: http.IncomingMessage): string {
  for (const header of [req.headers['x-amz-user-agent'], req.headers['user-agent']]) {
    const match = APP_ID.exec(String(header ?? ''));
    if (match) return match[1];
  }
  return 'unknown';
}

/**
 * A request's context. Its `signal` is aborted when the client goes away before the answer (a
 * consumer stopping its long poll must not have messages taken for it); the AbortController is
 * made on first use: most requests (every DynamoDB call) never look at it. One object per request,
 * of one shape: the busiest path builds nothing else.
 */
class HttpRequestContext implements RequestContext {
  readonly region: string;
  readonly accountId: string;
  readonly origin: string;
  readonly requestId = randomUUID();
  readonly appId: string;
  private controller: AbortController | undefined;

  constructor(
    req: http.IncomingMessage,
    config: EmulatorConfig,
    private readonly res: http.ServerResponse,
  ) {
    const match = CREDENTIAL.exec(req.headers.authorization ?? '');
    const accessKey = match?.[1];
    this.region = match?.[2] ?? config.region;
    this.accountId = accessKey && /^\d{12}$/.test(accessKey) ? accessKey : config.accountId;
    this.origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    this.appId = appIdOf(req);
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      const made = new AbortController();
      this.controller = made;
      const res = this.res;
      if (res.destroyed && !res.writableFinished) made.abort();
      else
        res.once('close', () => {
          if (!res.writableFinished) made.abort();
        });
    }
    return this.controller.signal;
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new AwsError('RequestEntityTooLarge', `Request body exceeds ${MAX_REQUEST_BYTES} bytes`, { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      // CloudWatch's PutMetricData carries the requestCompression trait: the SDK gzips bodies over 10 KB.
      if (!/\bgzip\b/i.test(String(req.headers['content-encoding'] ?? ''))) return resolve(raw);
      zlib.gunzip(raw, { maxOutputLength: MAX_REQUEST_BYTES }, (error, inflated) =>
        error ? reject(new AwsError('SerializationException', 'The gzip request body could not be decompressed.')) : resolve(inflated),
      );
    });
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  headers['content-length'] = String(bytes.length);
  res.writeHead(status, headers);
  res.end(bytes);
}

function sendJsonService(res: http.ServerResponse, service: JsonService | undefined, ctx: RequestContext, status: number, payload: unknown): void {
  // Encoded once: the CRC32 (DynamoDB's) is of the bytes sent.
  const bytes = Buffer.from(JSON.stringify(payload ?? {}), 'utf8');
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-RequestId': ctx.requestId,
  };
  if (service?.crc32) headers['x-amz-crc32'] = String(crc32(bytes));
  send(res, status, headers, bytes);
}

function sendJsonError(res: http.ServerResponse, service: JsonService | undefined, ctx: RequestContext, error: AwsError): void {
  const namespace = service?.errorNamespace ?? 'com.amazon.coral.service';
  const body = JSON.stringify({ __type: `${namespace}#${error.code}`, message: error.message, ...error.fields });
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-RequestId': ctx.requestId,
    'x-amzn-ErrorType': error.code,
  };
  if (service?.queryCompatible) headers['x-amzn-query-error'] = `${error.queryCode ?? error.code};${error.senderFault ? 'Sender' : 'Receiver'}`;
  const bytes = Buffer.from(body, 'utf8');
  if (service?.crc32) headers['x-amz-crc32'] = String(crc32(bytes));
  send(res, error.status, headers, bytes);
}

function sendRestError(res: http.ServerResponse, ctx: RequestContext, error: AwsError): void {
  send(
    res,
    error.status,
    { 'content-type': 'application/json', 'x-amzn-RequestId': ctx.requestId, 'x-amzn-ErrorType': error.code },
    JSON.stringify({ Type: error.senderFault ? 'User' : 'Service', message: error.message }),
  );
}

function asAwsError(error: unknown, verbose: boolean): AwsError {
  if (error instanceof AwsError) return error;
  // A bug in a handler must still answer in AWS's form, never with a stack trace.
  if (verbose) console.error('[emulator] internal error', error);
  return new AwsError('InternalServerError', 'The emulator failed to process the request.', { status: 500, queryCode: 'InternalError' });
}

/** The emulator's own control endpoints under `/_eddy/`. */
async function handleControl(req: http.IncomingMessage, res: http.ServerResponse, url: URL, options: HttpServerOptions): Promise<void> {
  const json = (status: number, payload: unknown) => send(res, status, { 'content-type': 'application/json' }, JSON.stringify(payload));
  const parseBody = async () => {
    const raw = (await readBody(req)).toString('utf8');
    try {
      return raw ? JSON.parse(raw) : {};
    } catch {
      throw new Error('body is not valid JSON');
    }
  };
  try {
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /_eddy/health':
        return json(200, { ok: true });
      case 'GET /_eddy/clock':
        return json(200, { now: options.clock.now(), iso: new Date(options.clock.now()).toISOString() });
      case 'POST /_eddy/clock': {
        const body = clockBodySchema.parse(await parseBody());
        const now = options.clock.advance(body.advanceMs);
        return json(200, { now, iso: new Date(now).toISOString() });
      }
      case 'GET /_eddy/faults':
        return json(200, { rules: options.faults.list() });
      case 'POST /_eddy/faults': {
        const body = faultRulesSchema.parse(await parseBody());
        options.faults.set(body.rules);
        return json(200, { rules: body.rules });
      }
      case 'DELETE /_eddy/faults':
        options.faults.clear();
        return json(200, { rules: [] });
      case 'GET /_eddy/stats':
        return json(200, options.stats.snapshot(options.clock.now()));
      case 'DELETE /_eddy/stats':
        options.stats.reset();
        return json(200, { ok: true });
      default:
        return json(404, { error: { code: 'not_found', message: `No control endpoint ${req.method} ${url.pathname}` } });
    }
  } catch (error) {
    const message = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') : String((error as Error).message);
    return json(400, { error: { code: 'invalid', message } });
  }
}

async function handleJson(req: http.IncomingMessage, res: http.ServerResponse, target: string, options: HttpServerOptions, ctx: RequestContext): Promise<void> {
  const dot = target.indexOf('.');
  const prefix = dot < 0 ? target : target.slice(0, dot);
  const operation = dot < 0 ? '' : target.slice(dot + 1);
  const service = options.jsonServices.find((s) => s.targetPrefix === prefix);
  try {
    const raw = await readBody(req);
    if (!service || !operation) throw new AwsError('UnknownOperationException', `Unknown target: ${target}`);
    options.stats.countRequest(target);
    let input: unknown;
    try {
      input = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new AwsError('SerializationException', 'The request body must be a JSON object.');
    }
    await options.faults.apply(target, raw.toString('utf8'));
    const output = await service.handle(operation, input as Record<string, unknown>, ctx);
    sendJsonService(res, service, ctx, 200, output);
  } catch (error) {
    sendJsonError(res, service, ctx, asAwsError(error, options.config.verbose));
  }
}

async function handleRest(req: http.IncomingMessage, res: http.ServerResponse, url: URL, service: RestService, operation: string, options: HttpServerOptions, ctx: RequestContext): Promise<void> {
  const target = `Lambda.${operation}`;
  try {
    options.stats.countRequest(target);
    const raw = await readBody(req);
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new AwsError('InvalidRequestContentException', 'Could not parse request body into json.');
      }
    }
    await options.faults.apply(target, raw.toString('utf8'));
    const out = await service.handle(req.method ?? 'GET', url, body, ctx);
    const text = out.body === undefined ? '' : JSON.stringify(out.body);
    send(res, out.status, { 'content-type': 'application/json', 'x-amzn-RequestId': ctx.requestId }, text);
  } catch (error) {
    sendRestError(res, ctx, asAwsError(error, options.config.verbose));
  }
}

function sendXml(res: http.ServerResponse, status: number, ctx: RequestContext, body: string): void {
  send(res, status, { 'content-type': 'text/xml', 'x-amzn-RequestId': ctx.requestId }, body);
}

/** A query-protocol request: `Action` in a form body (or the URL), service by `Version` or signing scope. */
async function handleQuery(req: http.IncomingMessage, res: http.ServerResponse, url: URL, options: HttpServerOptions, ctx: RequestContext): Promise<void> {
  let service: QueryService | undefined;
  try {
    const raw = await readBody(req);
    const params = parseForm(raw.toString('utf8'));
    // Hand-written and very old clients put the whole request in the URL.
    for (const [key, value] of url.searchParams) if (!params.has(key)) params.set(key, value);
    service = queryServiceOf(options.queryServices ?? [], params, req.headers.authorization);
    const action = params.get('Action');
    if (!service) throw new AwsError('InvalidAction', `No query service for Version ${params.get('Version') ?? '(none)'}.`, { queryCode: 'InvalidAction' });
    if (!action) throw new AwsError('MissingAction', 'The request must contain the parameter Action.', { queryCode: 'MissingAction' });
    const target = `${service.targetPrefix}.${action}`;
    options.stats.countRequest(target);
    await options.faults.apply(target, raw.toString('utf8'));
    const out = await runQueryAction(service, action, params, ctx);
    sendXml(res, out.status, ctx, out.body);
  } catch (error) {
    const awsError = asAwsError(error, options.config.verbose);
    sendXml(res, awsError.status, ctx, encodeQueryError(service, awsError, ctx.requestId));
  }
}

/** Starts the HTTP server: one port, JSON services by `X-Amz-Target`, REST services by path. */
export async function startHttpServer(options: HttpServerOptions): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((req, res) => {
    const ctx = new HttpRequestContext(req, options.config, res);
    const target = req.headers['x-amz-target'];
    // The JSON protocol always posts to "/": no URL to parse on the busiest path.
    if (req.url === '/' && typeof target === 'string' && target.length > 0) {
      if (options.config.verbose) console.log(`[emulator] ${req.method} / ${target}`);
      void handleJson(req, res, target, options, ctx);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (options.config.verbose) console.log(`[emulator] ${req.method} ${url.pathname} ${req.headers['x-amz-target'] ?? ''}`);
    if (url.pathname.startsWith('/_eddy/')) {
      void handleControl(req, res, url, options);
      return;
    }
    if (typeof target === 'string' && target.length > 0) {
      void handleJson(req, res, target, options, ctx);
      return;
    }
    const contentType = String(req.headers['content-type'] ?? '');
    if (contentType.startsWith('application/x-www-form-urlencoded') || url.searchParams.has('Action')) {
      void handleQuery(req, res, url, options, ctx);
      return;
    }
    for (const service of options.restServices) {
      const operation = service.match(req.method ?? 'GET', url.pathname);
      if (operation) {
        void handleRest(req, res, url, service, operation, options, ctx);
        return;
      }
    }
    req.resume();
    sendJsonError(res, undefined, ctx, new AwsError('UnknownOperationException', `No operation at ${req.method} ${url.pathname}`, { status: 404 }));
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}
