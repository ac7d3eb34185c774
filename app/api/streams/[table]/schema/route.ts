import { jsonRoute } from '@/server/data/respond';
import { getTableSchema } from '@/server/data/schema';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ table: string }> }) {
  const { table } = await params;
  return jsonRoute(async () => getTableSchema(table));
}
