import { describe, expect, it } from 'vitest';
import { FaultInjector } from './faults';

describe('FaultInjector', () => {
  it('applies a rule with bodyContains only to requests whose body names it', async () => {
    const faults = new FaultInjector();
    faults.set([{ target: 'AmazonSQS.GetQueueAttributes', error: 'AWS.SimpleQueueService.NonExistentQueue', bodyContains: 'slow-queue' }]);
    await expect(faults.apply('AmazonSQS.GetQueueAttributes', '{"QueueUrl":"http://x/000/slow-queue"}')).rejects.toThrow('Injected fault');
    await expect(faults.apply('AmazonSQS.GetQueueAttributes', '{"QueueUrl":"http://x/000/other"}')).resolves.toBeUndefined();
    await expect(faults.apply('AmazonSQS.ListQueues', 'slow-queue')).resolves.toBeUndefined();
  });

  it('without bodyContains applies to every request of its target, at its rate', async () => {
    const faults = new FaultInjector();
    faults.set([{ target: 'AmazonSQS.*', error: 'ThrottlingException', rate: 0.5 }]);
    await expect(faults.apply('AmazonSQS.SendMessage', '', () => 0.4)).rejects.toThrow('ThrottlingException');
    await expect(faults.apply('AmazonSQS.SendMessage', '', () => 0.6)).resolves.toBeUndefined();
  });
});
