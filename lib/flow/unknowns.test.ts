import { describe, expect, it } from 'vitest';
import type { Gap } from '@/lib/types/access';
import { mergeGaps } from '@/lib/access/gaps';
import { flowUnknowns } from './unknowns';

const gap = (action: string, state: Gap['state'], message = `${action} ${state}`): Gap => ({ action, state, message });

describe('flowUnknowns', () => {
  it('knows everything when nothing failed', () => {
    expect(flowUnknowns([])).toEqual({});
  });

  it('makes dead-letter counts unknown when the queue list or attributes could not be read', () => {
    expect(flowUnknowns([gap('sqs:ListQueues', 'denied')])).toEqual({ queues: 'SQS could not be read' });
    expect(flowUnknowns([gap('sqs:GetQueueAttributes', 'throttled')])).toEqual({ queues: 'SQS could not be read' });
  });

  it('counts an unreachable service against all its figures, whichever action named it', () => {
    expect(flowUnknowns([gap('lambda:ListFunctions', 'unreachable'), gap('sqs:ReceiveMessage', 'unreachable')])).toEqual({
      mappings: 'Lambda mappings could not be read',
      queues: 'SQS could not be read',
    });
  });

  it('does not count a denied action against other actions of its service', () => {
    expect(flowUnknowns([gap('lambda:ListFunctions', 'denied')])).toEqual({});
  });
});

describe('mergeGaps', () => {
  it('says an unreachable service once across reads, and each denied action once', () => {
    const merged = mergeGaps(
      [gap('lambda:ListFunctions', 'unreachable', 'first'), gap('sqs:ListQueues', 'denied')],
      [gap('lambda:ListEventSourceMappings', 'unreachable', 'second'), gap('sqs:ListQueues', 'denied'), gap('sqs:GetQueueAttributes', 'denied')],
    );
    expect(merged.map((g) => g.message)).toEqual(['first', 'sqs:ListQueues denied', 'sqs:GetQueueAttributes denied']);
  });
});
