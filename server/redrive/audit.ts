import 'server-only';
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { auditEntrySchema, type AuditAction, type AuditEntry } from '@/lib/types/audit';
import { identityOfActor } from '../auth/identity';

const FILE_NAME = 'audit.jsonl';

/**
 * The audit log: one JSON object per line in `<dataDir>/audit.jsonl`, only ever appended to.
 * A torn or foreign line is skipped when reading, never fatal.
 */
export class AuditLog {
  /**
   * `environment`: every entry records it, and `read` shows only its entries (one file for all
   * environments; an entry without one was written before environments and is the default's).
   */
  constructor(
    private readonly dataDir: string,
    private readonly environment?: { name: string; isDefault: boolean },
  ) {}

  get file(): string {
    return path.join(this.dataDir, FILE_NAME);
  }

  /** Appends an entry; `id` and `at` are filled in. */
  async append(entry: Omit<AuditEntry, 'id' | 'at' | 'action' | 'identity'> & { action: AuditAction }): Promise<AuditEntry> {
    // A signed-in user's email and role also as fields, for whoever reads the log by machine.
    const identity = identityOfActor(entry.actor);
    const full: AuditEntry = { id: randomUUID(), at: new Date().toISOString(), ...entry, ...(identity ? { identity } : {}), ...(this.environment ? { environment: this.environment.name } : {}) };
    await mkdir(this.dataDir, { recursive: true });
    await appendFile(this.file, `${JSON.stringify(full)}\n`, 'utf8');
    return full;
  }

  /** The newest entries first, at most `limit`. */
  async read(limit = 500): Promise<AuditEntry[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: AuditEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = auditEntrySchema.safeParse(JSON.parse(line));
        if (parsed.success && this.owns(parsed.data)) entries.push(upgradeEntry(parsed.data));
      } catch {
        // A line torn by a crash mid-append: the rest of the log stays readable.
      }
    }
    return entries.reverse().slice(0, limit);
  }

  private owns(entry: AuditEntry): boolean {
    if (!this.environment) return true;
    return entry.environment === undefined ? this.environment.isDefault : entry.environment === this.environment.name;
  }
}

/**
 * An entry as today's Eddy writes it. Logs written before recorded a redrive behind a canary
 * under the action `canary`; the user chose "redrive all", so it reads as `redrive-all`, its
 * detail saying it was the canary. The file itself is never rewritten (append-only).
 */
export function upgradeEntry(entry: AuditEntry): AuditEntry {
  if (entry.action !== 'canary') return entry;
  const detail = entry.detail && /canary/i.test(entry.detail) ? entry.detail : [entry.detail, 'behind a canary'].filter(Boolean).join(' · ');
  return { ...entry, action: 'redrive-all', detail };
}
