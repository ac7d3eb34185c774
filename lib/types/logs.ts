import { z } from 'zod';

/** One CloudWatch Logs event of a function, read and classified. */
export interface LogLine {
  /** Epoch ms of the event; undefined when CloudWatch Logs did not return it (unknown, never 1970). */
  timestamp?: number;
  stream: string;
  /** The raw message, trailing newline removed. */
  message: string;
  /** `start`/`end`/`report`: Lambda's platform lines; `app`: the function's own output. */
  kind: 'start' | 'end' | 'report' | 'app';
  requestId?: string;
  level?: string;
  /** True for an application line at ERROR/FATAL level or an uncaught error's report. */
  error: boolean;
  /** The human reason of an error line (`message`/`errorMessage`/`reason`), when it names one. */
  reason?: string;
  errorType?: string;
}

/** How a read of logs went, or why it could not be done. */
export interface LogReadNote {
  status: 'complete' | 'capped' | 'unavailable' | 'not_applicable';
  message: string;
}

/** The log lines of one function that concern a traced message. */
export interface TraceLogs {
  functionName: string;
  logGroup: string;
  /** What the lines were matched on: message id, request id, item keys. */
  matchedOn: string[];
  /** The error lines of this message, oldest first. */
  errors: LogLine[];
  /** The request ids those lines belong to (for the function's log view). */
  requestIds: string[];
  window: { start: number; end: number };
  note: LogReadNote;
}

/** `GET /api/functions/<name>/logs`: a page of a function's log events. */
export interface FunctionLogPage {
  functionName: string;
  logGroup: string;
  lines: LogLine[];
  /** Pass back as `after` to follow: the newest event read (epoch ms). */
  newest?: number;
  window: { start: number; end: number };
  note: LogReadNote;
}

/** Query of the function log view; also its URL state. */
export const functionLogQuerySchema = z.object({
  filter: z.string().max(1024, 'A filter pattern is at most 1024 characters.').default(''),
  /** Minutes back from now. */
  minutes: z.coerce.number().int().min(1).max(7 * 24 * 60).default(15),
  /** Follow: only events after this epoch ms. */
  after: z.coerce.number().int().min(0).optional(),
});
export type FunctionLogQuery = z.infer<typeof functionLogQuerySchema>;
