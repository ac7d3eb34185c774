import type { FigureSource, OldestAge } from './figures';
import type { Gap } from './access';
/** Health of a node or an edge of the flow graph, worst first in `HEALTH_ORDER`. */
export type Health = 'ok' | 'lagging' | 'failing';

export const HEALTH_ORDER: readonly Health[] = ['failing', 'lagging', 'ok'];

/** A Lambda event source mapping as Eddy reads it (ListEventSourceMappings). */
export interface MappingSummary {
  uuid: string;
  functionName: string;
  functionArn: string;
  sourceArn: string;
  sourceKind: 'stream' | 'queue' | 'other';
  /** Creating | Enabling | Enabled | Disabling | Disabled | Updating | Deleting. */
  state: string;
  stateReason?: string;
  lastProcessingResult?: string;
  batchSize?: number;
  /** -1 means "retry until the record expires" (the streams default). */
  maximumRetryAttempts?: number;
  maximumRecordAgeSeconds?: number;
  bisectOnError?: boolean;
  startingPosition?: string;
  /** The on-failure destination's ARN (streams only). */
  onFailureArn?: string;
  lastModified?: string;
}

/** A Lambda function's configuration, as far as the flow needs it. */
export interface FunctionSummary {
  name: string;
  arn: string;
  runtime?: string;
  description?: string;
  /** Environment variables; values may be secrets, so they never leave the server unmatched. */
  environment: Record<string, string>;
  /** `LoggingConfig.LogGroup`, when the function reports one (else Lambda's `/aws/lambda/<name>`). */
  logGroup?: string;
}

/** A table, queue, function or declared consumer, by kind and name. */
export type ResourceKind = 'table' | 'queue' | 'function' | 'consumer';
export interface ResourceRef {
  kind: ResourceKind;
  name: string;
}

export type FlowNodeKind = 'table' | 'function' | 'consumer' | 'queue' | 'dlq' | 'topic';

/**
 * A node's live figures. `null` means "not measured" (never zero): the UI shows "—" and says why.
 */
export type NodeFigures =
  | {
      kind: 'table';
      hasStream: boolean;
      /** Events per second on the stream, from Eddy's own reader or CloudWatch; null until one measures it. */
      eventsPerSecond: number | null;
      /** Where `eventsPerSecond` comes from and how old it is. */
      eventsSource?: FigureSource;
    }
  | {
      kind: 'function' | 'consumer';
      /** Worst IteratorAge (CloudWatch Maximum, ms) of its stream mappings; null when not a stream consumer or no datapoint. */
      iteratorAgeMs: number | null;
      mappings: number;
      failingMappings: number;
    }
  | {
      kind: 'queue';
      /** null when the queue was not in Eddy's sample (another account or region, not listed) or SQS did not return the count (`countsUnknown`). */
      visible: number | null;
      inFlight: number | null;
      /** Why a count is null although the queue was sampled: SQS did not return it. */
      countsUnknown?: string;
      /** ApproximateAgeOfOldestMessage (CloudWatch, s); null without a datapoint or when Eddy saw the queue empty. */
      oldestAgeSeconds: number | null;
      /** The same with its source: empty by Eddy's sample, a CloudWatch minute, or a bound from Eddy's samples. */
      oldestAge?: OldestAge;
      /** Depth change per minute from Eddy's samples; null until two samples exist. */
      growthPerMinute: number | null;
      /** Drain forecast over Eddy's samples, in words ("drains in 7 min", "growing 120/min"). */
      forecast: string;
    }
  | {
      kind: 'topic';
      /** NumberOfMessagesPublished per second, last 5 minutes (CloudWatch AWS/SNS); null without a datapoint. */
      publishedPerSecond: number | null;
      /** Notifications delivered / failed / filtered out in the last 10 minutes; null without a datapoint. */
      delivered: number | null;
      failed: number | null;
      filteredOut: number | null;
      subscriptions: number;
    }
  | {
      kind: 'dlq';
      /** Depth (visible + in flight + delayed); null when the queue was not in Eddy's sample or SQS did not return a count (`countsUnknown`). */
      messages: number | null;
      /** Why `messages` is null although the queue was sampled: SQS did not return a count. */
      countsUnknown?: string;
      /** Dead letters that arrived in the last hour, from Eddy's samples; null before the first two. */
      newLastHour: number | null;
    };

export interface FlowNode {
  /** `<kind>:<name>`, e.g. `queue:fulfillment`; tables and their streams share `table:<name>`. */
  id: string;
  kind: FlowNodeKind;
  name: string;
  arn?: string;
  /** The page a click opens. */
  href: string;
  health: Health;
  /** Why the node has its health, in words; empty when ok. */
  healthReason: string;
  figures: NodeFigures;
}

export type FlowEdgeKind = 'mapping' | 'on-failure' | 'redrive' | 'environment' | 'declared' | 'subscription';

export interface FlowEdge {
  /** `<kind>:<source>-><target>`. */
  id: string;
  kind: FlowEdgeKind;
  source: string;
  target: string;
  label: string;
  health: Health;
  healthReason: string;
  /** For a mapping edge: its UUID. */
  mappingUuid?: string;
  /** For a subscription edge: the whole filter policy and delivery, shown on hover (the label abbreviates). */
  detail?: string;
}

export type FindingSeverity = 'critical' | 'warning';

/** Rules read from AWS configuration alone (lib/flow/findings.ts). */
export type ConfigurationRule = 'stream-infinite-retries' | 'queue-without-dlq' | 'max-receive-count-one' | 'dlq-retention' | 'mapping-disabled' | 'mapping-problem';
/** Rules read from the shapes Eddy's live tails learn (server/data: schema drift). */
export type SchemaRule = 'schema-drift';
/** Rules read from live figures (lib/health/rules.ts). */
export type LiveRule = 'dlq-receiving' | 'backlog-growing' | 'oldest-message-age' | 'consumer-stalled' | 'error-rate' | 'iterator-age' | 'data-loss-clock';
/** Rules read from SNS topics and subscriptions (server/data/topics). */
export type TopicRule = 'subscription-without-dlq' | 'filter-passes-nothing' | 'deliveries-failing' | 'queue-policy-denies-topic';
export type FindingRule = ConfigurationRule | LiveRule | SchemaRule | TopicRule;

/** One figure a finding rests on: what, how much, measured when (ISO; null: a configuration fact), from where. */
export interface Evidence {
  label: string;
  value: string;
  at: string | null;
  source: string;
}

/** A finding: what is wrong, why it matters, how to fix it — from configuration or from live figures. */
export interface Finding {
  /** Stable: `<rule>:<resource>`. */
  id: string;
  rule: FindingRule;
  severity: FindingSeverity;
  title: string;
  why: string;
  fix: string;
  resource: { kind: FlowNodeKind | 'mapping'; name: string; href: string };
  /** The graph node it colours (`queue:x`, `function:y`, `table:z`). */
  node?: string;
  /** For a mapping's finding: the mapping, whose edge it colours. */
  mappingUuid?: string;
  /** ISO time the health engine opened it (absent outside the engine). */
  since?: string;
  /** The figures it rests on, with their times. */
  evidence?: Evidence[];
}

export interface FlowTiles {
  /** Summed over the DLQs whose depth was measured; `deadLettersUnknownIn` names the others. */
  deadLetters: number;
  /** Sampled DLQs whose depth SQS did not return: `deadLetters` is then at least, not all. */
  deadLettersUnknownIn?: string[];
  /** null until Eddy has two samples of the DLQs. */
  deadLettersNewLastHour: number | null;
  /** Over how long "new" was measured (ms): less than an hour while Eddy has just started. */
  deadLettersWindowMs: number;
  worstIteratorAge: { functionName: string; ms: number } | null;
  /** Sum over streams; null while no stream's rate is measured. */
  eventsPerSecond: number | null;
  /** Where the summed rates come from (one per measured stream). */
  eventsPerSecondSources?: FigureSource[];
  /** Streams in the account, and how many of them `eventsPerSecond` covers. */
  streams?: number;
  streamsMeasured?: number;
  /** Of the others, how many Eddy's own reader is measuring now (a rate comes within seconds). */
  streamsBeingMeasured?: number;
  failingMappings: number;
  mappings: number;
}

/** The home page's data: the graph, its figures, the findings and the tiles. */
export interface FlowGraph {
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** The health engine's open findings (live and configuration), critical first. */
  findings: Finding[];
  /** ISO time of the health engine's last evaluation; null before the first. */
  healthEvaluatedAt: string | null;
  tiles: FlowTiles;
  /** Problems with `eddy.config.json`, shown in the UI rather than thrown. */
  configErrors: string[];
  /** Figures that could not be read (CloudWatch refused, say): the graph is still drawn without them. */
  warnings: string[];
  /** What could not be read (a service unreachable, an action denied), each with what it costs. */
  gaps: Gap[];
  /** Where the declared configuration came from, when a file was read. */
  configFile: string | null;
  /** ISO times of the last configuration discovery and the last figures refresh. */
  discoveredAt: string;
  figuresAt: string;
  /** DLQs holding messages, most first. */
  dlqsWithMessages: { name: string; messages: number }[];
}

/** A time series for a chart: `value` null marks a gap (no datapoint), never a zero. */
export interface SeriesPoint {
  t: number;
  value: number | null;
}

/** What the function page charts. */
export interface FunctionMetrics {
  functionName: string;
  periodSeconds: number;
  start: number;
  end: number;
  iteratorAgeMs: SeriesPoint[];
  invocations: SeriesPoint[];
  errors: SeriesPoint[];
  /** Latest IteratorAge datapoint, null when there is none in the range. */
  latestIteratorAgeMs: number | null;
  isStreamConsumer: boolean;
}

/** What a queue's lag chart draws. */
export interface QueueLagSeries {
  queueName: string;
  periodSeconds: number;
  start: number;
  end: number;
  oldestAgeSeconds: SeriesPoint[];
  visible: SeriesPoint[];
}

/** A mapping as the function page shows it: its source resolved to a page, its health. */
export interface FunctionMapping extends MappingSummary {
  source: { kind: 'table' | 'queue' | 'other'; name: string; href: string | null };
  onFailure: { name: string; href: string } | null;
  health: Health;
  healthReason: string;
}

/** A consumer's page: a Lambda function, or a worker declared in `eddy.config.json`. */
export interface FunctionDetail {
  name: string;
  kind: 'function' | 'consumer';
  arn?: string;
  runtime?: string;
  description?: string;
  mappings: FunctionMapping[];
  /** Environment variables that name a queue or table; other values are never sent to the browser (they may be secrets). */
  environmentLinks: { variable: string; kind: 'queue' | 'table' | 'topic'; name: string; href: string }[];
  otherVariables: number;
  /** For a declared consumer: what it reads and writes. */
  declared: { reads: string[]; writes: string[] } | null;
  findings: Finding[];
  /** What could not be read from Lambda, with what it costs. */
  gaps?: Gap[];
}
