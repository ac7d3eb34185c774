import { NotFoundPanel } from '@/components/ui/not-found-panel';

export default function QueueNotFound() {
  return (
    <NotFoundPanel title="No such queue" href="/queues" linkLabel="All queues">
      There is no queue of that name in this account and region — or it was deleted since the link was made.
    </NotFoundPanel>
  );
}
