import { NotFoundPanel } from '@/components/ui/not-found-panel';

export default function FunctionNotFound() {
  return (
    <NotFoundPanel title="No such function" href="/" linkLabel="Back to the overview">
      There is no Lambda function of that name, and eddy.config.json declares no consumer of that name.
    </NotFoundPanel>
  );
}
