import { unknownOperation } from '../core/not-implemented';
import type { EmulatorDeps, JsonService, MetricSink } from '../core/types';

export function createSqs(deps: EmulatorDeps, metrics: MetricSink): JsonService & { close?(): void } {
  void deps;
  void metrics;
  return {
    targetPrefix: 'AmazonSQS',
    errorNamespace: 'com.amazonaws.sqs',
    queryCompatible: true,
    handle(operation) {
      throw unknownOperation(`AmazonSQS.${operation}`);
    },
  };
}
