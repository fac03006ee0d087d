import pg from 'pg';

/** One statement the app sent to PostgreSQL, as the driver sent it. */
export interface TracedQuery {
  text: string;
  values: unknown[];
}

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;

/**
 * Records every statement sent through node-postgres while `fn` runs, then restores the driver.
 * Used on single requests only (never under load): it tells what one request costs in round
 * trips and gives pgbench exactly the SQL the app runs.
 */
export async function traceQueries(fn: () => Promise<void>): Promise<TracedQuery[]> {
  const proto = pg.Client.prototype as unknown as { query: QueryFn };
  const original = proto.query;
  const seen: TracedQuery[] = [];
  proto.query = function traced(this: pg.Client, ...args: unknown[]) {
    const [first, second] = args;
    if (typeof first === 'string') {
      seen.push({ text: first, values: Array.isArray(second) ? second : [] });
    } else if (first && typeof first === 'object' && 'text' in first) {
      const q = first as { text: string; values?: unknown[] };
      seen.push({ text: q.text, values: q.values ?? (Array.isArray(second) ? second : []) });
    }
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return seen;
}

/** A traced run split into its transactions (begin … commit/rollback); lone statements stand alone. */
export function splitTransactions(queries: TracedQuery[]): TracedQuery[][] {
  const out: TracedQuery[][] = [];
  let current: TracedQuery[] | null = null;
  for (const q of queries) {
    const word = q.text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    if (word === 'begin' || word === 'start') {
      current = [q];
      out.push(current);
    } else if (current) {
      current.push(q);
      if (word === 'commit' || word === 'rollback') current = null;
    } else {
      out.push([q]);
    }
  }
  return out;
}
