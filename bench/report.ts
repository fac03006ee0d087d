/** One row of the results table. */
export interface Row {
  name: string;
  what: string;
  perSec: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU milliseconds per request/transaction: app server (absent for pgbench), database, load generator. */
  cpuMs?: { app?: number; db: number; client: number };
  note?: string;
}

export interface Ratio {
  name: string;
  value: number;
  target: number;
}

const fmt = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

export function formatTable(rows: Row[]): string {
  const head = ['stage', 'per s', 'p50 ms', 'p99 ms', 'CPU ms: app', 'db', 'load', 'what it is'];
  const body = rows.map((r) => [
    r.name,
    fmt(r.perSec, 0),
    fmt(r.p50Ms, 2),
    fmt(r.p99Ms, 2),
    r.cpuMs?.app === undefined ? '—' : fmt(r.cpuMs.app, 3),
    r.cpuMs ? fmt(r.cpuMs.db, 3) : '—',
    r.cpuMs ? fmt(r.cpuMs.client, 3) : '—',
    r.note ? `${r.what}; ${r.note}` : r.what,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n').trimEnd();
}

export function formatRatios(ratios: Ratio[]): string {
  const width = Math.max(...ratios.map((r) => r.name.length));
  return ratios
    .map((r) => {
      const met = Number.isFinite(r.value) ? (r.value >= r.target ? 'met' : 'MISSED') : 'not measured';
      return `${r.name.padEnd(width)}  ${fmt(r.value * 100, 1).padStart(6)}%  target ≥ ${fmt(r.target * 100, 0)}%  ${met}`;
    })
    .join('\n');
}
