import { sha256 } from '../../platform/auth/crypto.ts';
import { systemActor } from '../../platform/db/database.ts';
import { withClinic } from '../../platform/db/tenancy.ts';
import type { LiveAccessContext, LiveTopicDefinition } from '../../platform/live/topics.ts';
import * as repo from './repo.ts';

/**
 * The queue's live topics. Staff topics go by the REST permission; a doctor without a desk role
 * hears only their own queue. The TV and the ticket page have no session: their token decides.
 */
const staffOfAll = (ctx: LiveAccessContext) => ctx.roles.includes('owner') || ctx.roles.includes('secretary');

async function isLiveDisplay(ctx: LiveAccessContext): Promise<boolean> {
  if (!ctx.token) return false;
  const token = ctx.token;
  return withClinic(ctx.db, ctx.clinicId, systemActor, async (tx) => {
    const clinic = await repo.clinicFactsOf(tx);
    return Boolean(clinic?.active && (await repo.liveDisplayByToken(tx, sha256(token))));
  });
}

async function mayFollowTicket(ctx: LiveAccessContext): Promise<boolean> {
  const entryId = ctx.params.entryId ?? '';
  if (!/^[0-9a-f-]{36}$/i.test(entryId)) return false;
  return withClinic(ctx.db, ctx.clinicId, systemActor, async (tx) => {
    const entry = await repo.findEntry(tx, entryId.toLowerCase());
    if (!entry) return false;
    if (ctx.token && sha256(ctx.token).equals(entry.ticket_token_hash)) return true;
    return ctx.userId !== null && entry.patient_user_id === ctx.userId;
  });
}

export const QUEUE_LIVE_TOPICS: readonly LiveTopicDefinition[] = [
  { pattern: 'queue', permission: 'queue.read' },
  {
    pattern: 'queue/doctor/:doctorId',
    permission: 'queue.read',
    allow: async (ctx) => staffOfAll(ctx) || ctx.params.doctorId?.toLowerCase() === ctx.userId,
  },
  { pattern: 'queue/display', allow: isLiveDisplay },
  { pattern: 'queue/ticket/:entryId', allow: mayFollowTicket },
];
