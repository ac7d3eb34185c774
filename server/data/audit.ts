import 'server-only';
import type { AuditEntry } from '@/lib/types/audit';
import { getEnv } from '../env';
import { currentEnvironmentName, getEnvironments } from '../environments';
import { AuditLog } from '../redrive/audit';
import { service } from '../services';

/** The audit log in `EDDY_DATA_DIR` (server/services.ts): one file, each entry recording its environment. */
export function getAuditLog(): AuditLog {
  return service('auditLog', () => {
    const env = getEnv();
    const name = currentEnvironmentName();
    return new AuditLog(env.EDDY_DATA_DIR, { name, isDefault: getEnvironments(env)[0].name === name });
  });
}

/** The newest audit entries first. */
export function listAuditEntries(limit = 500): Promise<AuditEntry[]> {
  return getAuditLog().read(limit);
}
