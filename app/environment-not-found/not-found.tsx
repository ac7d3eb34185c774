import { UnknownEnvironment } from '@/components/environments/unknown-environment';
import { describeEnvironments, requestedUnknownEnvironment } from '@/server/data/environments';

export const metadata = { title: 'No such environment' };

export default async function EnvironmentNotFound() {
  const name = await requestedUnknownEnvironment();
  return <UnknownEnvironment name={name} environments={describeEnvironments().all} />;
}
