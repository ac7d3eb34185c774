import { getItemOrdering } from '@/server/data/item-ordering';
import { jsonRoute } from '@/server/data/respond';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ table: string }> }) {
  const { table } = await params;
  return jsonRoute(async () => getItemOrdering(table));
}
