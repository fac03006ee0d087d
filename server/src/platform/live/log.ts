import { sql, type Transaction } from 'kysely';
import type { PlatformDB } from '../db/schema.ts';

/** One event of a live topic, as a client receives it. */
export interface LiveEvent {
  topic: string;
  seq: number;
  type: string;
  data: unknown;
  at: string;
}

/** The bus topic a clinic's live topic travels on (one Redis channel per clinic topic). */
export const liveBusTopic = (clinicId: string, topic: string): string => `live:${clinicId}:${topic}`;

/**
 * Takes the topic's next number and logs the event, in the writer's transaction. The counter's
 * row lock is held until commit, so a topic's numbers follow commit order without gaps: a client
 * that saw 7 and then 9 knows 8 exists.
 */
export async function appendLive(
  trx: Transaction<PlatformDB>,
  clinicId: string,
  e: { topic: string; type: string; data: unknown; at: Date },
): Promise<number> {
  const { rows } = await sql<{ seq: number }>`
    insert into live_topics (clinic_id, topic, last_seq) values (${clinicId}, ${e.topic}, 1)
    on conflict (clinic_id, topic) do update set last_seq = live_topics.last_seq + 1
    returning last_seq as seq`.execute(trx);
  const seq = Number(rows[0]?.seq);
  await trx
    .insertInto('live_events')
    .values({
      clinic_id: clinicId,
      topic: e.topic,
      seq,
      type: e.type,
      data: JSON.stringify(e.data ?? null),
      at: e.at,
    })
    .execute();
  return seq;
}
