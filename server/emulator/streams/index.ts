import { unknownOperation } from '../core/not-implemented';
import type { EmulatorDeps, JsonService } from '../core/types';
import type { StreamCapture } from './capture';

export function createStreams(deps: EmulatorDeps): JsonService & StreamCapture & { close?(): void } {
  void deps;
  return {
    targetPrefix: 'DynamoDBStreams_20120810',
    errorNamespace: 'com.amazonaws.dynamodb.v20120810',
    crc32: true,
    handle(operation) {
      throw unknownOperation(`DynamoDBStreams_20120810.${operation}`);
    },
    createStream() {
      throw new Error('streams not built yet');
    },
    disableStream() {},
    capture() {},
    streamStatus: () => undefined,
  };
}
