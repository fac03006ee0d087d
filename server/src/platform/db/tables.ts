import type { Transaction } from 'kysely';
import type { PlatformDB } from './schema.ts';
import type { BaseTx } from './tenancy.ts';

/**
 * A module's typed view of a transaction: the platform's tables and the module's own `Tables`.
 * The platform's `tx.db` knows only platform tables; the app applies every manifest's migrations
 * before it serves, so the module's tables exist. Used by repository files only.
 */
export function tablesOf<Tables extends object>(): (tx: BaseTx) => Transaction<PlatformDB & Tables> {
  return (tx) => tx.db as unknown as Transaction<PlatformDB & Tables>;
}
