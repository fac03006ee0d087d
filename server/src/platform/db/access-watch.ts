import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/** Tables whose rows decide who may do what: sessions, accounts, memberships, clinics' status. */
const ACCESS_TABLES = new Set(['sessions', 'users', 'memberships', 'clinics']);
/** A session "touch" slides its idle expiry; it never takes access away. */
const TOUCH_COLUMNS = new Set(['last_seen_at', 'idle_expires_at']);
const RAW_WRITE =
  /\b(insert\s+into|update|delete\s+from|truncate)\s+(?:table\s+)?"?(sessions|users|memberships|clinics)\b/i;

interface Scope {
  touched: boolean;
}

function nameOf(node: OperationNode | undefined): string | undefined {
  if (!node) return undefined;
  const n = node as { kind: string; table?: { identifier?: { name?: string } }; node?: OperationNode };
  if (n.kind === 'TableNode') return n.table?.identifier?.name;
  if (n.kind === 'AliasNode') return nameOf(n.node);
  return undefined;
}

function columnOf(node: OperationNode): string | undefined {
  return (node as { column?: { column?: { name?: string } } }).column?.column?.name;
}

/** Whether this statement can change an access decision (a write to one of ACCESS_TABLES). */
export function changesAccess(node: RootOperationNode): boolean {
  switch (node.kind) {
    case 'InsertQueryNode':
      return ACCESS_TABLES.has(nameOf(node.into) ?? '') && nameOf(node.into) !== 'sessions';
    case 'DeleteQueryNode':
      return node.from.froms.some((f) => ACCESS_TABLES.has(nameOf(f) ?? ''));
    case 'UpdateQueryNode': {
      const table = nameOf(node.table);
      if (!table || !ACCESS_TABLES.has(table)) return false;
      if (table !== 'sessions') return true;
      return (node.updates ?? []).some((u) => !TOUCH_COLUMNS.has(columnOf(u) ?? ''));
    }
    case 'RawNode':
      return RAW_WRITE.test(node.sqlFragments.join('?'));
    default:
      return false;
  }
}

/**
 * Notices statements that can change who may do what, so caches of access decisions (the session
 * cache) are dropped once such a change commits: within `track`, a write marks the scope and the
 * listeners run after the transaction commits; outside any scope (owner maintenance) they run at once.
 */
export class AccessWatch implements KyselyPlugin {
  readonly #scope = new AsyncLocalStorage<Scope>();
  readonly #listeners = new Set<() => void>();

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Runs `fn` (one transaction) and, if it wrote to an access table and succeeded, tells the listeners. */
  async track<T>(fn: () => Promise<T>): Promise<T> {
    const scope: Scope = { touched: false };
    const result = await this.#scope.run(scope, fn);
    if (scope.touched) this.#emit();
    return result;
  }

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (changesAccess(node)) {
      const scope = this.#scope.getStore();
      if (scope) scope.touched = true;
      else this.#emit();
    }
    return node;
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }

  #emit(): void {
    for (const l of this.#listeners) l();
  }
}
