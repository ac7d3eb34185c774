import 'server-only';
import { AppError, toAppError } from '@/lib/errors';
import { parseLogLine } from '@/lib/traces/log-lines';
import type { FunctionLogPage, FunctionLogQuery } from '@/lib/types/logs';
import { filterLogEvents } from '../aws/logs';
import { logGroupOf } from '../traces/logs';

/** Events a page of the log view shows at most: the newest of the range. */
const MAX_LINES = 500;
/** Events read per request at most (a filter over a long range may match many more). */
const MAX_READ = 5_000;

/**
 * A page of a function's logs for the log view: the group from the function's `LoggingConfig`
 * (else `/aws/lambda/<name>`), a CloudWatch Logs filter pattern, the last `minutes`, or only
 * what came after `after` (follow). The newest `MAX_LINES` are kept, oldest first.
 */
export async function getFunctionLogs(functionName: string, query: FunctionLogQuery): Promise<FunctionLogPage> {
  const logGroup = await logGroupOf(functionName);
  const end = Date.now() + 1;
  const start = query.after !== undefined ? query.after + 1 : end - query.minutes * 60_000;
  try {
    const read = await filterLogEvents({ logGroup, start, end, pattern: query.filter, maxEvents: MAX_READ });
    const lines = read.events.slice(-MAX_LINES).map(parseLogLine);
    const dropped = read.events.length - lines.length;
    const note =
      dropped > 0
        ? { status: 'capped' as const, message: `${read.events.length} events matched; the newest ${MAX_LINES} are shown. Narrow the filter or the time range to see the others.` }
        : read.note.status === 'capped'
          ? { status: 'capped' as const, message: `More than ${MAX_READ} events matched; the first ${MAX_READ} were read and the newest ${lines.length} of them are shown. Narrow the time range.` }
          : read.note;
    // Follow goes on from the newest time read; a line without one says nothing of where to go on from.
    const times = lines.flatMap((l) => (l.timestamp === undefined ? [] : [l.timestamp]));
    return { functionName, logGroup, lines, newest: times.length > 0 ? Math.max(...times) : query.after, window: { start, end }, note };
  } catch (error) {
    const e = toAppError(error);
    if (e.code === 'not_found') {
      return {
        functionName,
        logGroup,
        lines: [],
        newest: query.after,
        window: { start, end },
        note: { status: 'not_applicable', message: `There is no log group ${logGroup}: ${functionName} has not logged yet, or logs elsewhere.` },
      };
    }
    if (e.code === 'invalid') throw new AppError('invalid', `The filter pattern is not valid: ${e.message}`);
    throw e;
  }
}
