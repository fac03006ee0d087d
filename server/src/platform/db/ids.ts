import { randomFillSync } from 'node:crypto';

/**
 * Random bytes from a pool refilled 4 KiB at a time, as Node's own randomUUID does: one call into
 * the CSPRNG per 256 ids instead of one per id (an id is made for every request). Each byte is
 * handed out once.
 */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function takeRandom(into: Buffer): void {
  if (poolAt + into.length > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  pool.copy(into, 0, poolAt, poolAt + into.length);
  poolAt += into.length;
}

/**
 * UUIDv7: time-ordered, so new rows land at the right edge of btree indexes
 * instead of scattering across them as random v4 ids do.
 */
export function newId(now: number = Date.now()): string {
  const b = Buffer.allocUnsafe(16);
  takeRandom(b);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}
