/**
 * Names behind the ARNs and URLs that AWS configuration carries. Pure: discovery matches on them.
 */

/** `arn:aws:sqs:us-east-1:123456789012:orders-dlq` → `orders-dlq`. */
export function queueNameFromArn(arn: string): string | undefined {
  const m = /^arn:[^:]+:sqs:[^:]*:[^:]*:([^:/]+)$/.exec(arn.trim());
  return m?.[1];
}

/** `https://sqs.us-east-1.amazonaws.com/123456789012/orders` (or an emulator's URL) → `orders`. */
export function queueNameFromUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const segments = parsed.pathname.split('/').filter(Boolean);
  // A queue URL is /<account>/<name>: exactly two segments, the first an account id.
  if (segments.length !== 2 || !/^\d{12}$|^[0-9a-z-]+$/i.test(segments[0])) return undefined;
  return decodeURIComponent(segments[1]);
}

/**
 * The table a DynamoDB table or stream ARN names:
 * `arn:aws:dynamodb:r:a:table/orders` and `arn:aws:dynamodb:r:a:table/orders/stream/2024-…` → `orders`.
 */
export function tableNameFromArn(arn: string): string | undefined {
  const m = /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/([^/]+)(\/stream\/.+)?$/.exec(arn.trim());
  return m?.[1];
}

/** `arn:aws:lambda:r:a:function:name[:qualifier]` → `name`. */
export function functionNameFromArn(arn: string): string | undefined {
  const m = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(:.+)?$/.exec(arn.trim());
  return m?.[1];
}

/** What a mapping's EventSourceArn points at. */
export function mappingSourceKind(arn: string): 'stream' | 'queue' | 'other' {
  if (/^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/[^/]+\/stream\//.test(arn)) return 'stream';
  if (queueNameFromArn(arn)) return 'queue';
  return 'other';
}

/** `arn:aws:sns:us-east-1:123456789012:order-events` → `order-events` (a subscription ARN, with a 7th part, is not a topic). */
export function topicNameFromArn(arn: string): string | undefined {
  const m = /^arn:[^:]+:sns:[^:]*:[^:]*:([^:/]+)$/.exec(arn.trim());
  return m?.[1];
}
