import { listAuditEntries } from '@/server/data/audit';
import { jsonRoute } from '@/server/data/respond';

export async function GET() {
  return jsonRoute(() => listAuditEntries());
}
