import { unknownOperation } from '../core/not-implemented';
import type { EmulatorDeps, JsonService } from '../core/types';
import type { StreamCapture } from '../streams/capture';

export function createDynamoDb(deps: EmulatorDeps, streams: StreamCapture): JsonService & { close?(): void } {
  void deps;
  void streams;
  return {
    targetPrefix: 'DynamoDB_20120810',
    errorNamespace: 'com.amazonaws.dynamodb.v20120810',
    crc32: true,
    handle(operation) {
      throw unknownOperation(`DynamoDB_20120810.${operation}`);
    },
  };
}
