import { NotFoundPanel } from '@/components/ui/not-found-panel';

export default function TableNotFound() {
  return (
    <NotFoundPanel title="No such table" href="/streams" linkLabel="All tables">
      There is no DynamoDB table of that name in this account and region — or it was deleted since the link was made.
    </NotFoundPanel>
  );
}
