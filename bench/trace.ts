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

/**
 * Experiment (BENCH_NAMED_STATEMENTS=1): gives every parameterised statement a name derived from
 * its text, so node-postgres prepares it once per connection instead of having PostgreSQL parse
 * and plan it on every execution. It shows what prepared statements would save; the app itself
 * does not do this. Returns a function that restores the driver.
 */
export function nameStatements(): () => void {
  const proto = pg.Client.prototype as unknown as { query: QueryFn };
  const original = proto.query;
  const names = new Map<string, string>();
  proto.query = function named(this: pg.Client, ...args: unknown[]) {
    const [text, values, ...rest] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      let name = names.get(text);
      if (!name) {
        name = `bench_${names.size}`;
        names.set(text, name);
      }
      return original.apply(this, [{ name, text, values }, ...rest]);
    }
    return original.apply(this, args);
  };
  return () => {
    proto.query = original;
  };
}
