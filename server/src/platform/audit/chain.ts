import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields a link of the chain commits to. */
export interface ChainedEvent {
  clinicId: string;
  seq: number;
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorKind: string;
  action: string;
  entityType: string;
  entityId: string | null;
  data: unknown;
  requestId: string | null;
  ip: string | null;
  prevHash: string;
}

/** JSON with object keys sorted, so jsonb's own key order cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function hashEvent(e: ChainedEvent): string {
  const payload = canonicalJson([
    e.clinicId,
    e.seq,
    e.id,
    e.occurredAt.toISOString(),
    e.actorUserId,
    e.actorKind,
    e.action,
    e.entityType,
    e.entityId,
    e.data,
    e.requestId,
    e.ip,
    e.prevHash,
  ]);
  return createHash('sha256').update(payload).digest('hex');
}
