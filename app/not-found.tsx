import { NotFoundPanel } from '@/components/ui/not-found-panel';

export default function NotFound() {
  return (
    <NotFoundPanel title="Nothing flows here" href="/" linkLabel="Back to the overview">
      This page, table or queue does not exist — or it was deleted since the link was made.
    </NotFoundPanel>
  );
}
