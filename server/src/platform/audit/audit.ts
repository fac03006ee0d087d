import type { Transaction } from 'kysely';
import type { Actor } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { PlatformDB } from '../db/schema.ts';
import { GENESIS_HASH, hashEvent } from './chain.ts';

export interface AuditInput {
  /** `noun.verb`, e.g. `staff.invited`, `patient.read`. */
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Appends one event to the clinic's chain inside the caller's transaction, so the record and
 * the change commit or roll back together. The head row's lock orders concurrent appends.
 */
export async function appendAudit(
  trx: Transaction<PlatformDB>,
  clinicId: string,
  actor: Actor,
  input: AuditInput,
  at: Date,
): Promise<{ seq: number; hash: string }> {
  let head = await trx
    .selectFrom('audit_heads')
    .select(['seq', 'hash'])
    .where('clinic_id', '=', clinicId)
    .forUpdate()
    .executeTakeFirst();
  if (!head) {
    await trx
      .insertInto('audit_heads')
      .values({ clinic_id: clinicId, seq: 0, hash: GENESIS_HASH })
      .onConflict((oc) => oc.column('clinic_id').doNothing())
      .execute();
    head = await trx
      .selectFrom('audit_heads')
      .select(['seq', 'hash'])
      .where('clinic_id', '=', clinicId)
      .forUpdate()
      .executeTakeFirstOrThrow();
  }
  const event = {
    clinicId,
    seq: Number(head.seq) + 1,
    id: newId(at.getTime()),
    occurredAt: at,
    actorUserId: actor.userId,
    actorKind: actor.kind,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    data: input.data ?? {},
    requestId: actor.requestId ?? null,
    ip: actor.ip ?? null,
    prevHash: head.hash,
  };
  const hash = hashEvent(event);
  await trx
    .insertInto('audit_events')
    .values({
      clinic_id: clinicId,
      seq: event.seq,
      id: event.id,
      occurred_at: at,
      actor_user_id: event.actorUserId,
      actor_kind: event.actorKind,
      action: event.action,
      entity_type: event.entityType,
      entity_id: event.entityId,
      data: JSON.stringify(event.data),
      request_id: event.requestId,
      ip: event.ip,
      prev_hash: event.prevHash,
      hash,
    })
    .execute();
  await trx
    .updateTable('audit_heads')
    .set({ seq: event.seq, hash })
    .where('clinic_id', '=', clinicId)
    .execute();
  return { seq: event.seq, hash };
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** The first event whose stored hash, link or sequence does not hold. */
  firstBrokenSeq: number | null;
  reason: string | null;
}

/** Recomputes the clinic's whole chain, in pages, and reports the first broken link. */
export async function verifyChain(trx: Transaction<PlatformDB>, clinicId: string): Promise<ChainVerdict> {
  const page = 1000;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await trx
      .selectFrom('audit_events')
      .selectAll()
      .where('clinic_id', '=', clinicId)
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(page)
      .execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      const broken = (reason: string): ChainVerdict => ({ ok: false, checked, firstBrokenSeq: seq, reason });
      if (seq !== expectedSeq) return { ...broken('missing event'), firstBrokenSeq: expectedSeq };
      if (r.prev_hash !== prevHash) return broken('link to the previous event does not match');
      const recomputed = hashEvent({
        clinicId: r.clinic_id,
        seq,
        id: r.id,
        occurredAt: r.occurred_at,
        actorUserId: r.actor_user_id,
        actorKind: r.actor_kind,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        data: r.data,
        requestId: r.request_id,
        ip: r.ip,
        prevHash: r.prev_hash,
      });
      if (recomputed !== r.hash) return broken('event content does not match its hash');
      prevHash = r.hash;
      expectedSeq = seq + 1;
      checked++;
    }
    if (rows.length < page) break;
  }
  const head = await trx
    .selectFrom('audit_heads')
    .select(['seq', 'hash'])
    .where('clinic_id', '=', clinicId)
    .executeTakeFirst();
  if (head && (Number(head.seq) !== expectedSeq - 1 || head.hash !== prevHash)) {
    return {
      ok: false,
      checked,
      firstBrokenSeq: expectedSeq,
      reason: 'events after the last one were removed',
    };
  }
  return { ok: true, checked, firstBrokenSeq: null, reason: null };
}
