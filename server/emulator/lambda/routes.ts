/** One REST route of the Lambda API, as `@aws-sdk/client-lambda`'s schema declares it. */
interface Route {
  method: string;
  pattern: RegExp;
  operation: string;
}

/** Path segments are one URI-encoded label each; a function ARN's colons arrive as `%3A`. */
const SEGMENT = '([^/]+)';

const ROUTES: Route[] = [
  ['POST', '/2015-03-31/functions', 'CreateFunction'],
  ['GET', '/2015-03-31/functions', 'ListFunctions'],
  ['GET', `/2015-03-31/functions/${SEGMENT}`, 'GetFunction'],
  ['DELETE', `/2015-03-31/functions/${SEGMENT}`, 'DeleteFunction'],
  ['GET', `/2015-03-31/functions/${SEGMENT}/configuration`, 'GetFunctionConfiguration'],
  ['PUT', `/2015-03-31/functions/${SEGMENT}/configuration`, 'UpdateFunctionConfiguration'],
  ['POST', '/2015-03-31/event-source-mappings', 'CreateEventSourceMapping'],
  ['GET', '/2015-03-31/event-source-mappings', 'ListEventSourceMappings'],
  ['GET', `/2015-03-31/event-source-mappings/${SEGMENT}`, 'GetEventSourceMapping'],
  ['PUT', `/2015-03-31/event-source-mappings/${SEGMENT}`, 'UpdateEventSourceMapping'],
  ['DELETE', `/2015-03-31/event-source-mappings/${SEGMENT}`, 'DeleteEventSourceMapping'],
  ['GET', `/2017-03-31/tags/${SEGMENT}`, 'ListTags'],
  ['POST', `/2017-03-31/tags/${SEGMENT}`, 'TagResource'],
  ['DELETE', `/2017-03-31/tags/${SEGMENT}`, 'UntagResource'],
].map(([method, path, operation]) => ({ method, pattern: new RegExp(`^${path}/?$`), operation }));

/** Lambda's API versions in the path; anything under them is Lambda's to answer, if only with an error. */
const OWNED_PREFIX = /^\/20(15|17)-03-31\//;

/**
 * Finds the operation of a request and its decoded path parameters. A path under Lambda's
 * prefixes that names no implemented route yields `UnknownOperation`, so the service answers it
 * in Lambda's error form; any other path yields undefined.
 */
export function matchRoute(method: string, pathname: string): { operation: string; params: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(pathname);
    if (match) return { operation: route.operation, params: match.slice(1).map(decodeSegment) };
  }
  return OWNED_PREFIX.test(pathname) ? { operation: 'UnknownOperation', params: [] } : undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
