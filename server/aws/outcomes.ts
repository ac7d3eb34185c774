import 'server-only';
import { iamActionOf } from '@/lib/access/actions';
import type { ActionOutcome } from '@/lib/types/access';
import { noteFailedAction, toAppErrorFromAws } from './errors';
import { service } from '../services';

/** Which IAM prefix each client's calls are authorised under (Streams' actions are `dynamodb:`). */
export const iamPrefixOfClient: Record<string, string> = {
  dynamodb: 'dynamodb',
  streams: 'dynamodb',
  sqs: 'sqs',
  lambda: 'lambda',
  cloudwatch: 'cloudwatch',
  logs: 'logs',
  sns: 'sns',
};

const UNSUPPORTED = new Set(['UnknownOperationException', 'InvalidAction', 'UnsupportedOperation', 'NotImplemented', 'UnknownOperation']);

/** What a failed call says about the permission behind it. */
export function outcomeStateOf(error: unknown): ActionOutcome['state'] {
  const appError = toAppErrorFromAws(error);
  if (appError.detail && UNSUPPORTED.has(appError.detail)) return 'unsupported';
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  if (status === 501) return 'unsupported';
  switch (appError.code) {
    case 'forbidden':
      return 'denied';
    case 'unavailable':
    case 'timeout':
      return 'unreachable';
    case 'throttled':
      return 'throttled';
    case 'internal':
      return 'failed';
    default:
      // not_found, invalid, conflict: AWS authorised the call and answered about the resource.
      return 'allowed';
  }
}

/** The last outcome of every AWS action this process called. */
export class OutcomeStore {
  private readonly last = new Map<string, ActionOutcome>();

  record(action: string, error?: unknown, probe = false): ActionOutcome {
    const outcome: ActionOutcome = error === undefined ? { action, state: 'allowed', at: Date.now() } : { action, state: outcomeStateOf(error), at: Date.now() };
    if (error !== undefined) {
      const appError = toAppErrorFromAws(error);
      outcome.code = appError.detail;
      outcome.message = appError.message;
    }
    if (probe) outcome.probe = true;
    this.last.set(action, outcome);
    return outcome;
  }

  get(action: string): ActionOutcome | undefined {
    return this.last.get(action);
  }

  all(): ActionOutcome[] {
    return [...this.last.values()];
  }

  clear(): void {
    this.last.clear();
  }
}

/** The process's one outcome store (server/services.ts). */
export function getOutcomeStore(): OutcomeStore {
  return service('outcomes', () => new OutcomeStore());
}

interface WithMiddleware {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Records the outcome of every call a client makes, around the SDK's retries (so a throttle that
 * a retry overcame counts as allowed), and tags a failure with its IAM action, so the error the
 * page shows names the permission or the service that is missing.
 */
export function recordOutcomes(client: unknown, iamPrefix: string, store: () => OutcomeStore = getOutcomeStore): void {
  (client as WithMiddleware).middlewareStack.add(
    (next, context) => async (args) => {
      const action = iamActionOf(iamPrefix, context.commandName ?? 'Unknown');
      try {
        const out = await next(args);
        store().record(action);
        return out;
      } catch (error) {
        noteFailedAction(error, action);
        store().record(action, error);
        throw error;
      }
    },
    { step: 'initialize', name: 'eddyRecordOutcome' },
  );
}
