import type { ChainVerdict } from '../../platform/audit/audit.ts';
import type { Actor, Database } from '../../platform/db/database.ts';
import { withClinic } from '../../platform/db/tenancy.ts';
import { namesOf } from './names-repo.ts';
import type { AuditEvent } from './repo.ts';
import * as repo from './repo.ts';
import type { AuditQuery } from './schema.ts';

/** An event with the names of who did it and of what (or whom) it was done to, where known. */
export type NamedAuditEvent = AuditEvent & { actorName: string | null; subjectName: string | null };

/** A page of the clinic's audit log, newest first; the cursor is the last event's sequence number. */
export async function listAudit(
  deps: { db: Database },
  clinicId: string,
  actor: Actor,
  query: AuditQuery,
): Promise<{ items: NamedAuditEvent[]; nextCursor: string | null }> {
  const rows = await withClinic(deps.db, clinicId, actor, async (tx) => {
    const events = await repo.listAuditEvents(tx, {
      action: query.action,
      actorUserId: query.actorUserId,
      entityType: query.entityType,
      entityId: query.entityId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      beforeSeq: query.cursor ? Number(query.cursor) : undefined,
      limit: query.limit + 1, // one more tells whether there is a next page
    });
    const names = await namesOf(tx, events);
    return events.map((e) => ({ ...e, actorName: names.actor(e), subjectName: names.subject(e) }));
  });
  const items = rows.slice(0, query.limit);
  return { items, nextCursor: rows.length > query.limit ? String(items[items.length - 1]!.seq) : null };
}

/** Recomputes the clinic's hash chain and reports the first broken link. */
export async function verifyClinicAudit(
  deps: { db: Database },
  clinicId: string,
  actor: Actor,
): Promise<ChainVerdict> {
  return withClinic(deps.db, clinicId, actor, (tx) => repo.verifyChainOf(tx));
}
