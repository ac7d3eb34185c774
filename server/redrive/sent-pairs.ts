import 'server-only';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { SentPair } from '@/lib/types/redrive';

const FILE_NAME = 'redrive-sent.jsonl';

const lineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sent'), dlqName: z.string(), messageId: z.string(), destination: z.string(), newMessageId: z.string(), at: z.string() }),
  z.object({ type: z.literal('cleared'), dlqName: z.string(), messageId: z.string(), at: z.string() }),
]);

/**
 * Dead letters Eddy sent a copy of but could not delete (SQS throttled or failed in between): each
 * is in the DLQ and at its destination, and a second redrive of it would send it a second time.
 * Kept beside the audit log (`<dataDir>/redrive-sent.jsonl`, append-only) so a restart remembers
 * them; a pair is cleared when the message leaves the DLQ through Eddy.
 */
export class SentPairs {
  private cache?: Promise<Map<string, SentPair>>;

  constructor(private readonly dataDir: string) {}

  get file(): string {
    return path.join(this.dataDir, FILE_NAME);
  }

  private static key(dlqName: string, messageId: string): string {
    return `${dlqName}\n${messageId}`;
  }

  private load(): Promise<Map<string, SentPair>> {
    this.cache ??= (async () => {
      const pairs = new Map<string, SentPair>();
      let text = '';
      try {
        text = await readFile(this.file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        let parsed;
        try {
          parsed = lineSchema.safeParse(JSON.parse(line));
        } catch {
          continue; // A line torn by a crash mid-append.
        }
        if (!parsed.success) continue;
        const { type, ...rest } = parsed.data;
        if (type === 'sent') pairs.set(SentPairs.key(rest.dlqName, rest.messageId), rest as SentPair);
        else pairs.delete(SentPairs.key(rest.dlqName, rest.messageId));
      }
      return pairs;
    })();
    this.cache.catch(() => (this.cache = undefined));
    return this.cache;
  }

  private async write(line: z.infer<typeof lineSchema>): Promise<void> {
    await mkdir(this.dataDir, { recursive: true });
    await appendFile(this.file, `${JSON.stringify(line)}\n`, 'utf8');
  }

  /** The remembered pair of a dead letter, if Eddy sent it and could not delete it. */
  async get(dlqName: string, messageId: string): Promise<SentPair | undefined> {
    return (await this.load()).get(SentPairs.key(dlqName, messageId));
  }

  /** Every remembered pair of a DLQ. */
  async of(dlqName: string): Promise<SentPair[]> {
    return [...(await this.load()).values()].filter((p) => p.dlqName === dlqName);
  }

  async remember(pair: Omit<SentPair, 'at'>): Promise<SentPair> {
    const full: SentPair = { ...pair, at: new Date().toISOString() };
    (await this.load()).set(SentPairs.key(pair.dlqName, pair.messageId), full);
    await this.write({ type: 'sent', ...full });
    return full;
  }

  /** Forgets a pair: the message left the DLQ. */
  async clear(dlqName: string, messageId: string): Promise<void> {
    const pairs = await this.load();
    if (!pairs.delete(SentPairs.key(dlqName, messageId))) return;
    await this.write({ type: 'cleared', dlqName, messageId, at: new Date().toISOString() });
  }
}
