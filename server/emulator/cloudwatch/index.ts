import { unknownOperation } from '../core/not-implemented';
import type { EmulatorDeps, JsonService, MetricSink } from '../core/types';

export function createCloudWatch(deps: EmulatorDeps): JsonService & MetricSink & { close?(): void } {
  void deps;
  return {
    targetPrefix: 'GraniteServiceVersion20100801',
    errorNamespace: 'com.amazonaws.cloudwatch',
    queryCompatible: true,
    handle(operation) {
      throw unknownOperation(`GraniteServiceVersion20100801.${operation}`);
    },
    putMetric() {},
  };
}
