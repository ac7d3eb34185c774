import 'server-only';
import type { AuditEntry } from '@/lib/types/audit';
import { getEnv } from '../env';
import { AuditLog } from '../redrive/audit';

let log: AuditLog | undefined;

/** The audit log in `EDDY_DATA_DIR`. */
export function getAuditLog(): AuditLog {
  return (log ??= new AuditLog(getEnv().EDDY_DATA_DIR));
}

/** The newest audit entries first. */
export function listAuditEntries(limit = 500): Promise<AuditEntry[]> {
  return getAuditLog().read(limit);
}
