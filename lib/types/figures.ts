/**
 * Where a figure comes from and how old it is (issue 15: "figures say where they come from and
 * how old they are"). The UI names the source beside the figure: "from Eddy’s reads" or
 * "from CloudWatch, 12:03".
 */
export type FigureSource =
  /** Counted by Eddy's own reads (a stream tail, the queue sampler) over the last `seconds`, read at `at` (epoch ms). */
  | { kind: 'eddy'; seconds: number; at: number; what?: string }
  /** A CloudWatch datapoint: the one-minute period starting at `minute` (epoch ms), of `metric`. */
  | { kind: 'cloudwatch'; minute: number; metric: string; note?: string };

/**
 * The age of a queue's oldest message as Eddy can vouch for it:
 * - `empty`: Eddy's own latest sample found the queue empty — there is no oldest message (never
 *   a stale CloudWatch minute's "17 min");
 * - `known`: seconds, from CloudWatch (labelled with its minute) or, when the queue emptied since
 *   that minute or CloudWatch has none, bounded by Eddy's own samples: every message now held
 *   arrived after the last sample that found the queue empty (`atMost`);
 * - `unknown`: neither says anything.
 */
export type OldestAge =
  /** `at`: the sample that found it empty; left out where the figures carry their time (the flow's `figuresAt`). */
  | { state: 'empty'; at?: number }
  | { state: 'known'; seconds: number; atMost: boolean; source: FigureSource }
  | { state: 'unknown'; reason: string };
