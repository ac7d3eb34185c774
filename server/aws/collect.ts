import 'server-only';
import { toAppErrorFromAws } from './errors';

/**
 * Every item of every page an SDK `paginate*` helper yields, in order, with an SDK failure mapped
 * to `AppError` once: the adapters' list verbs are one line each instead of a token loop each.
 */
export async function collectPages<P, T>(pages: AsyncIterable<P>, itemsOf: (page: P) => readonly T[] | undefined): Promise<T[]> {
  const items: T[] = [];
  try {
    for await (const page of pages) items.push(...(itemsOf(page) ?? []));
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
  return items;
}
