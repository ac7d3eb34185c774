import 'server-only';
import { GetSubscriptionAttributesCommand, paginateListSubscriptions, paginateListTopics } from '@aws-sdk/client-sns';
import type { SubscriptionSummary } from '@/lib/types/topics';
import { getClients } from './clients';
import { collectPages } from './collect';
import { toAppErrorFromAws } from './errors';

/** Every topic ARN of the account and region (ListTopics, 100 a page). */
export function listTopicArns(): Promise<string[]> {
  return collectPages(paginateListTopics({ client: getClients().sns }, {}), (page) => page.Topics?.map((t) => t.TopicArn ?? '').filter(Boolean));
}

/**
 * Every subscription of the account and region (ListSubscriptions, 100 a page): one listing for
 * all topics instead of one ListSubscriptionsByTopic per topic. Attributes are not read yet.
 */
export async function listSubscriptions(): Promise<Omit<SubscriptionSummary, 'raw' | 'filterPolicy' | 'filterPolicyScope' | 'deadLetterTargetArn' | 'attributesKnown'>[]> {
  const all = await collectPages(paginateListSubscriptions({ client: getClients().sns }, {}), (page) => page.Subscriptions);
  return all.map((s) => {
    const endpoint = s.Endpoint ?? '';
    const arn = s.SubscriptionArn ?? '';
    return {
      arn,
      topicArn: s.TopicArn ?? '',
      protocol: s.Protocol ?? '',
      endpoint,
      endpointName: endpointNameOf(s.Protocol ?? '', endpoint),
      pending: arn === 'PendingConfirmation',
    };
  });
}

/** `sqs` and `lambda` endpoints are ARNs: their last part is the queue or function name. */
export function endpointNameOf(protocol: string, endpoint: string): string {
  if (protocol === 'sqs') return endpoint.split(':').pop() ?? endpoint;
  if (protocol === 'lambda') return endpoint.split(':')[6] ?? endpoint;
  return endpoint;
}

/** A subscription's raw delivery, filter policy and dead-letter queue (GetSubscriptionAttributes). */
export async function getSubscriptionDetails(arn: string): Promise<Pick<SubscriptionSummary, 'raw' | 'filterPolicy' | 'filterPolicyScope' | 'deadLetterTargetArn'>> {
  let attributes: Record<string, string>;
  try {
    attributes = (await getClients().sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }))).Attributes ?? {};
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
  let deadLetterTargetArn: string | undefined;
  try {
    deadLetterTargetArn = attributes.RedrivePolicy ? (JSON.parse(attributes.RedrivePolicy) as { deadLetterTargetArn?: string }).deadLetterTargetArn : undefined;
  } catch {
    deadLetterTargetArn = undefined;
  }
  const scope = attributes.FilterPolicyScope;
  return {
    raw: attributes.RawMessageDelivery === 'true',
    filterPolicy: attributes.FilterPolicy || undefined,
    filterPolicyScope: attributes.FilterPolicy ? (scope === 'MessageBody' ? 'MessageBody' : 'MessageAttributes') : undefined,
    deadLetterTargetArn: deadLetterTargetArn || undefined,
  };
}
