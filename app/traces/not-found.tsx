import { NotFoundPanel } from '@/components/ui/not-found-panel';

export default function TraceNotFound() {
  return (
    <NotFoundPanel title="No such queue" href="/traces" linkLabel="Search traces">
      The queue this trace link names does not exist — or it was deleted since the link was made.
    </NotFoundPanel>
  );
}
