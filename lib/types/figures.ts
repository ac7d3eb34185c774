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
