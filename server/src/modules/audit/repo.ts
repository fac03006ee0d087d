import { type ChainVerdict, verifyChain } from '../../platform/audit/audit.ts';
import type { ClinicTx } from '../../platform/db/tenancy.ts';

export interface AuditEvent {
  seq: number;
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorKind: 'user' | 'admin' | 'system' | 'public';
  action: string;
  entityType: string;
  entityId: string | null;
  data: Record<string, unknown>;
  requestId: string | null;
  ip: string | null;
  hash: string;
}

export interface AuditFilter {
  action?: string | undefined;
  actorUserId?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Only events older (smaller seq) than this. */
  beforeSeq?: number | undefined;
  limit: number;
}

/** The clinic's events, newest first; RLS keeps them to the transaction's clinic. */
export async function listAuditEvents(tx: ClinicTx, f: AuditFilter): Promise<AuditEvent[]> {
  let q = tx.db
    .selectFrom('audit_events')
    .select([
      'seq',
      'id',
      'occurred_at',
      'actor_user_id',
      'actor_kind',
      'action',
      'entity_type',
      'entity_id',
      'data',
      'request_id',
      'ip',
      'hash',
    ])
    .where('clinic_id', '=', tx.clinicId)
    .orderBy('seq', 'desc')
    .limit(f.limit);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.actorUserId) q = q.where('actor_user_id', '=', f.actorUserId);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.from) q = q.where('occurred_at', '>=', f.from);
  if (f.to) q = q.where('occurred_at', '<', f.to);
  if (f.beforeSeq !== undefined) q = q.where('seq', '<', f.beforeSeq);
  const rows = await q.execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    id: r.id,
    occurredAt: r.occurred_at,
    actorUserId: r.actor_user_id,
    actorKind: r.actor_kind,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    data: isRecord(r.data) ? r.data : { value: r.data },
    requestId: r.request_id,
    ip: r.ip,
    hash: r.hash,
  }));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Recomputes the clinic's audit chain and names the first broken link. */
export function verifyChainOf(tx: ClinicTx): Promise<ChainVerdict> {
  return verifyChain(tx.db, tx.clinicId);
}
