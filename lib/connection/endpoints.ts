/** Services that share one endpoint (`undefined`: AWS itself). */
export interface EndpointGroup {
  services: string[];
  endpoint?: string;
}

/** Groups the services by the endpoint each one is configured with, in the order given. */
export function groupEndpoints(byService: Record<string, string | undefined>): EndpointGroup[] {
  const groups: EndpointGroup[] = [];
  for (const [service, endpoint] of Object.entries(byService)) {
    const group = groups.find((g) => g.endpoint === endpoint);
    if (group) group.services.push(service);
    else groups.push({ services: [service], endpoint });
  }
  return groups;
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

/**
 * The header's words when services are at different places: every endpoint that differs, e.g.
 * "SQS at 127.0.0.1:9324 · DynamoDB at 127.0.0.1:8000 · Lambda, CloudWatch at AWS us-east-1".
 */
export function endpointsLabel(groups: EndpointGroup[], region: string): string {
  return groups.map((g) => `${g.services.join(', ')} at ${g.endpoint ? hostOf(g.endpoint) : `AWS ${region}`}`).join(' · ');
}
