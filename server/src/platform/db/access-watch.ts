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
/** The one write known to be harmless: a session "touch" sliding its idle expiry forward. */
const TOUCH_COLUMNS = ['idle_expires_at', 'last_seen_at'];
const WRITE_VERB = /\b(insert|update|delete|merge|truncate|copy)\b/i;
const ACCESS_TABLE_NAME = /\b(sessions|users|memberships|clinics)\b/i;

interface Scope {
  touched: boolean;
}

type Node = OperationNode & Record<string, unknown>;

function tableName(node: unknown): string | undefined {
  const n = node as Node | undefined;
  if (!n || typeof n !== 'object') return undefined;
  if (n.kind === 'TableNode') return (n.table as { identifier?: { name?: string } })?.identifier?.name;
  if (n.kind === 'AliasNode') return tableName(n.node);
  return undefined;
}

function isTouch(node: Node): boolean {
  const updates =
    (node.updates as ReadonlyArray<{ column?: { column?: { name?: string } } }> | undefined) ?? [];
  const columns = updates.map((u) => u.column?.column?.name ?? '').sort();
  return columns.length === TOUCH_COLUMNS.length && columns.every((c, i) => c === TOUCH_COLUMNS[i]);
}

/** A raw fragment's words, with table names put in by `sql.table` / `sql.id` spelled out. */
function rawText(n: Node): string {
  const fragments = (n.sqlFragments as string[] | undefined) ?? [];
  const params = (n.parameters as Node[] | undefined) ?? [];
  return fragments
    .map((f, i) => {
      const p = params[i];
      if (!p) return f;
      if (p.kind === 'RawNode') return `${f} ${rawText(p)} `;
      const name = tableName(p) ?? (p.kind === 'IdentifierNode' ? String(p.name) : '');
      return `${f} ${name} `;
    })
    .join('');
}

/** Whether this one query node (not its children) writes to an access table. */
function writesAccess(n: Node): boolean {
  switch (n.kind) {
    case 'InsertQueryNode': {
      const table = tableName(n.into);
      if (!table || !ACCESS_TABLES.has(table)) return false;
      // A new session grants nothing to anyone else; an upsert into sessions may revoke.
      return table !== 'sessions' || n.onConflict !== undefined;
    }
    case 'DeleteQueryNode':
      return ((n.from as { froms?: unknown[] } | undefined)?.froms ?? []).some((f) =>
        ACCESS_TABLES.has(tableName(f) ?? ''),
      );
    case 'UpdateQueryNode': {
      const table = tableName(n.table);
      return table !== undefined && ACCESS_TABLES.has(table) && !(table === 'sessions' && isTouch(n));
    }
    case 'MergeQueryNode':
      return ACCESS_TABLES.has(tableName(n.into) ?? '');
    case 'RawNode': {
      // Raw SQL is judged by its words: any write verb with any access table's name counts.
      const text = rawText(n);
      return WRITE_VERB.test(text) && ACCESS_TABLE_NAME.test(text);
    }
    default:
      return false;
  }
}

/**
 * Whether a statement can change an access decision: a write to one of ACCESS_TABLES anywhere in
 * it (CTEs, sub-queries and raw fragments included). When in doubt it says yes: a false alarm only
 * costs a cache refill, a miss would leave access open for up to SESSION_CACHE_MS.
 */
export function changesAccess(root: RootOperationNode): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    const n = v as Node;
    if (typeof n.kind === 'string' && writesAccess(n)) return true;
    for (const key in n) if (key !== 'kind') stack.push(n[key]);
  }
  return false;
}

/**
 * Notices statements that can change who may do what, so caches of access decisions (the session
 * cache) are dropped once such a change commits: within `track` (every app transaction), a write
 * marks the scope and the listeners run after the transaction commits. Outside any scope (owner
 * maintenance) they run after the statement; inside an owner's own multi-statement transaction
 * that is before its commit, so such maintenance should end with a no-op write through `track`
 * or wait out SESSION_CACHE_MS.
 */
export class AccessWatch implements KyselyPlugin {
  readonly #scope = new AsyncLocalStorage<Scope>();
  readonly #listeners = new Set<() => void>();
  readonly #unscoped = new WeakSet<object>();

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

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    if (changesAccess(node)) {
      const scope = this.#scope.getStore();
      if (scope) scope.touched = true;
      else this.#unscoped.add(queryId);
    }
    return node;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    // A write outside the app's transactions (owner maintenance): tell listeners once it has run.
    if (this.#unscoped.delete(queryId)) this.#emit();
    return result;
  }

  #emit(): void {
    for (const l of this.#listeners) l();
  }
}
