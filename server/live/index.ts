import 'server-only';
import type { StreamActivity } from '@/lib/types/streams';
import { describeTable } from '../aws/dynamodb';
import { getStreamsApi } from '../aws/streams';
import { getEnv } from '../env';
import { configureReadSchedulers } from './read-scheduler';
import { LiveRegistry } from './registry';
import type { ResolveStream } from './stream-tail';
import { ShapeObserver } from './shape-observer';
import { service } from '../services';

export { LiveRegistry } from './registry';
export type { StreamTail } from './stream-tail';

/** The table's current stream from DescribeTable (`LatestStreamArn` when the stream is enabled). */
export const resolveTableStream: ResolveStream = async (table) => {
  const summary = await describeTable(table);
  return summary.stream ? { arn: summary.stream.arn } : null;
};

/**
 * The process's one registry (server/services.ts), so Next's dev-mode module reloads do not start
 * a second set of readers beside the first. Building it sets the shards' read budget.
 */
export function getLiveRegistry(): LiveRegistry {
  return service('liveRegistry', () => {
    configureReadSchedulers({ readsPerSecond: getEnv().EDDY_SHARD_READS_PER_SECOND });
    return new LiveRegistry(getStreamsApi, resolveTableStream, {}, (table, events) => getShapeObserver().observe(table, events));
  });
}

/** The process's one schema learner (server/services.ts), fed by every live tail. */
export function getShapeObserver(): ShapeObserver {
  return service('shapeObserver', () => new ShapeObserver());
}

/**
 * What the flow graph shows on a stream: events/s overall and per shard and when the last event
 * came, from the running tail. Starts (or keeps) the tail for a minute, so the figures appear
 * within a few seconds of the first call and the tail stops when nobody asks any more.
 */
export function getStreamActivity(table: string): StreamActivity {
  const registry = getLiveRegistry();
  return registry.lease(table).activity();
}
