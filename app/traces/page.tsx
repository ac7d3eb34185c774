import { ItemSearch } from '@/components/traces/item-search';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'Traces' };

export default async function TracesPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const { q } = await searchParams;
  const query = (Array.isArray(q) ? q[0] : q) ?? '';
  return (
    <>
      <PageHeader title="Traces" description="Find an item by its key: its stream history, and every dead letter and Lambda failure record that references it." />
      <ItemSearch key={query} initialQuery={query} />
    </>
  );
}
