import { createHash } from 'node:crypto';
import pg from 'pg';

/** Past this many distinct statements on one connection, new ones go unnamed (bounded server memory). */
const MAX_NAMED_PER_CONNECTION = 1000;
const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `k_${createHash('sha1').update(text).digest('base64url')}`;
    if (names.size < 10 * MAX_NAMED_PER_CONNECTION) names.set(text, name);
  }
  return name;
}

type Query = (...args: unknown[]) => unknown;

/**
 * A node-postgres client that names every parameterised statement after a hash of its text, so
 * each pooled connection parses and plans it once instead of on every call (node-postgres sends
 * unnamed statements otherwise; measured in bench/: planning was most of the database's time per
 * request). Kysely builds SQL from a fixed set of shapes, so the names stay few; past the cap,
 * new shapes still run, unnamed.
 */
export class PreparingClient extends pg.Client {
  readonly #prepared = new Set<string>();

  override query(...args: unknown[]): never {
    const [text, values, callback] = args;
    const base = pg.Client.prototype.query as unknown as Query;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      const name = nameOf(text);
      if (this.#prepared.has(name) || this.#prepared.size < MAX_NAMED_PER_CONNECTION) {
        this.#prepared.add(name);
        return base.call(this, { name, text, values }) as never;
      }
    }
    return base.apply(this, args) as never;
  }
}
