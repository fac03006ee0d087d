import type { Actor, Database } from '../db/database.ts';
import { withClinic } from '../db/tenancy.ts';
import type { LiveEvent } from './log.ts';

const system: Actor = { kind: 'system', userId: null };

/**
 * What a client that last saw `after` missed: the events after it, oldest first, or `refetch`
 * when some are no longer kept (or more than `limit` are missing) and it must reload instead.
 */
export async function liveEventsAfter(
  db: Database,
  clinicId: string,
  topic: string,
  after: number,
  limit: number,
): Promise<{ events: LiveEvent[]; last: number } | { refetch: true; last: number }> {
  return withClinic(db, clinicId, system, async (tx) => {
    const head = await tx.db
      .selectFrom('live_topics')
      .select('last_seq')
      .where('clinic_id', '=', clinicId)
      .where('topic', '=', topic)
      .executeTakeFirst();
    const last = head ? Number(head.last_seq) : 0;
    // A client ahead of the log (a database restored, a topic purged): start again.
    if (after > last) return { refetch: true, last };
    if (after === last) return { events: [], last };
    if (last - after > limit) return { refetch: true, last };
    const rows = await tx.db
      .selectFrom('live_events')
      .select(['seq', 'type', 'data', 'at'])
      .where('clinic_id', '=', clinicId)
      .where('topic', '=', topic)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(limit)
      .execute();
    // Numbers have no gaps: fewer rows than missing means the oldest were purged.
    if (rows.length !== last - after) return { refetch: true, last };
    return {
      last,
      events: rows.map((r) => ({
        topic,
        seq: Number(r.seq),
        type: r.type,
        data: r.data,
        at: new Date(r.at).toISOString(),
      })),
    };
  });
}

/** The newest number of a topic (0 when nothing was written yet): where a fresh subscriber starts. */
export async function liveHead(db: Database, clinicId: string, topic: string): Promise<number> {
  return withClinic(db, clinicId, system, async (tx) => {
    const head = await tx.db
      .selectFrom('live_topics')
      .select('last_seq')
      .where('clinic_id', '=', clinicId)
      .where('topic', '=', topic)
      .executeTakeFirst();
    return head ? Number(head.last_seq) : 0;
  });
}

/** Deletes logged events older than `before` in every clinic (the runner's policy); returns how many. */
export async function purgeLiveEvents(db: Database, before: Date): Promise<number> {
  return db.scoped({ clinicId: null, userId: null, jobsRunner: true }, async (trx) => {
    const res = await trx.deleteFrom('live_events').where('at', '<', before).executeTakeFirst();
    return Number(res.numDeletedRows);
  });
}
