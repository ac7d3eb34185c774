import 'server-only';
import type { AuditEntry } from '@/lib/types/audit';
import { getEnv } from '../env';
import { AuditLog } from '../redrive/audit';
import { service } from '../services';

/** The audit log in `EDDY_DATA_DIR` (server/services.ts). */
export function getAuditLog(): AuditLog {
  return service('auditLog', () => new AuditLog(getEnv().EDDY_DATA_DIR));
}

/** The newest audit entries first. */
export function listAuditEntries(limit = 500): Promise<AuditEntry[]> {
  return getAuditLog().read(limit);
}
