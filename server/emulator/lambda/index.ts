import { z } from 'zod';
import { AwsError } from '../core/errors';
import type { EmulatorDeps, RequestContext, RestResponse, RestService } from '../core/types';
import { MappingStore, toMappingConfiguration } from './event-source-mappings';
import { FunctionStore, toFunctionConfiguration } from './functions';
import { matchRoute } from './routes';
import { invalid, parseInput, type Tags, tagsSchema } from './validation';

/** The Lambda service as the emulator wires it, with its one emulator-only method. */
export interface LambdaService extends RestService {
  /**
   * Emulator-only: sets a mapping's `State` and/or `LastProcessingResult` as a poller would.
   * Real Lambda computes these itself; the emulator never runs functions, so Eddy's demo system
   * (which polls the source and invokes its own handlers) reports its progress here, or with a raw
   * `PUT /2015-03-31/event-source-mappings/{UUID}` carrying the same fields. Throws
   * `ResourceNotFoundException` for an unknown UUID and `InvalidParameterValueException` for an
   * unknown state.
   */
  reportMappingState(uuid: string, update: { state?: string; lastProcessingResult?: string; stateTransitionReason?: string }): void;
  /** Whether a function exists, by ARN (a version or alias qualifier is ignored): SNS delivers only to those. */
  functionExists(arn: string): boolean;
  close?(): void;
}

const tagResourceSchema = z.object({ Tags: tagsSchema });

/**
 * The Lambda control plane (REST-JSON under `/2015-03-31/`): functions, kept as configuration
 * only, and event source mappings with every field and default AWS reports. Nothing is invoked.
 */
export function createLambda(deps: EmulatorDeps): LambdaService {
  const now = () => deps.clock.now();
  const functions = new FunctionStore(now);
  const mappings = new MappingStore(functions, now);
  /** Tags of functions and mappings, keyed by resource ARN. */
  const tags = new Map<string, Tags>();

  const setTags = (arn: string, add: Tags | undefined) => {
    if (!add || Object.keys(add).length === 0) return;
    tags.set(arn, { ...tags.get(arn), ...add });
  };

  /** The function or mapping a tag operation names; AWS answers an unknown ARN with 404. */
  const taggable = (arn: string, ctx: RequestContext): string => {
    if (arn.includes(':event-source-mapping:')) return mappings.get(arn.slice(arn.lastIndexOf(':') + 1)).arn;
    if (/^arn:aws[a-zA-Z-]*:lambda:/.test(arn)) return functions.resolve(arn, ctx).arn;
    throw invalid(`Invalid resource ARN: ${arn}`);
  };

  const handlers: Record<string, (params: string[], url: URL, body: unknown, ctx: RequestContext) => RestResponse> = {
    CreateFunction: (_p, _u, body, ctx) => {
      const { fn, tags: given } = functions.create(body, ctx);
      setTags(fn.arn, given);
      return { status: 201, body: toFunctionConfiguration(fn) };
    },
    GetFunction: ([name], _u, _b, ctx) => {
      const fn = functions.resolve(name, ctx);
      return {
        status: 200,
        body: {
          Configuration: toFunctionConfiguration(fn),
          // The emulator keeps no code; the location has AWS's shape and leads nowhere.
          Code: { RepositoryType: 'S3', Location: `https://awslambda-${ctx.region}-tasks.s3.${ctx.region}.amazonaws.com/snapshots/${ctx.accountId}/${fn.name}-${fn.revisionId}` },
          Tags: tags.get(fn.arn),
        },
      };
    },
    GetFunctionConfiguration: ([name], _u, _b, ctx) => ({ status: 200, body: toFunctionConfiguration(functions.resolve(name, ctx)) }),
    UpdateFunctionConfiguration: ([name], _u, body, ctx) => ({
      status: 200,
      body: toFunctionConfiguration(functions.updateConfiguration(functions.resolve(name, ctx), body)),
    }),
    ListFunctions: (_p, url, _b, ctx) => ({ status: 200, body: functions.list(ctx, url.searchParams.get('Marker'), url.searchParams.get('MaxItems')) }),
    DeleteFunction: ([name], _u, _b, ctx) => {
      const fn = functions.resolve(name, ctx);
      functions.delete(fn);
      tags.delete(fn.arn);
      // AWS answers 204 with no body; the SDK reads the status into `StatusCode`.
      return { status: 204 };
    },
    CreateEventSourceMapping: (_p, _u, body, ctx) => {
      const { rec, tags: given } = mappings.create(body, ctx);
      setTags(rec.arn, given);
      // The response shows the transition; later reads report the settled Enabled/Disabled.
      return { status: 202, body: toMappingConfiguration(rec, 'Creating') };
    },
    GetEventSourceMapping: ([uuid]) => ({ status: 200, body: toMappingConfiguration(mappings.get(uuid)) }),
    UpdateEventSourceMapping: ([uuid], _u, body, ctx) => {
      const { rec, responseState } = mappings.update(uuid, body, ctx);
      return { status: 202, body: toMappingConfiguration(rec, responseState) };
    },
    DeleteEventSourceMapping: ([uuid]) => {
      const rec = mappings.delete(uuid);
      tags.delete(rec.arn);
      return { status: 202, body: toMappingConfiguration(rec, 'Deleting') };
    },
    ListEventSourceMappings: (_p, url, _b, ctx) => ({ status: 200, body: mappings.list(ctx, url.searchParams) }),
    ListTags: ([arn], _u, _b, ctx) => ({ status: 200, body: { Tags: tags.get(taggable(arn, ctx)) ?? {} } }),
    TagResource: ([arn], _u, body, ctx) => {
      setTags(taggable(arn, ctx), parseInput(tagResourceSchema, body).Tags);
      return { status: 204 };
    },
    UntagResource: ([arn], url, _b, ctx) => {
      const key = taggable(arn, ctx);
      const current = tags.get(key);
      if (current) for (const tagKey of url.searchParams.getAll('tagKeys')) delete current[tagKey];
      return { status: 204 };
    },
  };

  return {
    match(method, pathname) {
      return matchRoute(method, pathname)?.operation;
    },
    handle(method, url, body, ctx) {
      const route = matchRoute(method, url.pathname);
      const handler = route && handlers[route.operation];
      if (!route || !handler) {
        throw new AwsError('UnknownOperationException', `Unknown operation ${method} ${url.pathname}`, { status: 404 });
      }
      return handler(route.params, url, body, ctx);
    },
    reportMappingState(uuid, update) {
      mappings.report(uuid, update);
    },
    functionExists(arn) {
      return functions.byArn(arn.split(':').slice(0, 7).join(':')) !== undefined;
    },
  };
}
