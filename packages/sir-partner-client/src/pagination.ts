export interface Pagination {
  limit: number;
  hasMore: boolean;
  /** Pass as `cursor` to get the next page; null on the last one. */
  nextCursor: string | null;
}

export interface Page<T> {
  data: T[];
  pagination: Pagination;
}

export interface PageQuery {
  /** 1 to 100; 20 by default. */
  limit?: number;
  cursor?: string;
}

/** Every item of every page, newest first, fetching a page only once the previous one is used up. */
export async function* allItems<T, Q extends PageQuery>(
  fetchPage: (query: Q) => Promise<Page<T>>,
  query: Q,
): AsyncGenerator<T, void, undefined> {
  let cursor = query.cursor;
  for (;;) {
    const page = await fetchPage({ ...query, cursor });
    yield* page.data;
    if (!page.pagination.hasMore || page.pagination.nextCursor === null) return;
    cursor = page.pagination.nextCursor;
  }
}
