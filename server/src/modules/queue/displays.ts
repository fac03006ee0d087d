import { sha256 } from '../../platform/auth/crypto.ts';
import { newId } from '../../platform/db/ids.ts';
import { withClinic } from '../../platform/db/tenancy.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { Deps } from './actions.ts';
import type { Caller } from './caller.ts';
import { displayUrlOf, newDisplayToken } from './codes.ts';
import * as repo from './repo.ts';

/** Waiting-room screens: an unguessable address per screen, stored hashed, shown once, revocable. */

const toDisplay = (d: repo.DisplayRow) => ({
  id: d.id,
  name: d.name,
  chime: d.chime,
  createdAt: d.created_at.toISOString(),
  revokedAt: d.revoked_at?.toISOString() ?? null,
});

export function listDisplays(deps: Deps, clinicId: string, caller: Caller) {
  return withClinic(deps.db, clinicId, caller.actor, async (tx) => ({
    items: (await repo.listDisplays(tx)).map(toDisplay),
  }));
}

export function createDisplay(
  deps: Deps,
  clinicId: string,
  caller: Caller,
  input: { name: string; chime: boolean },
) {
  return withClinic(deps.db, clinicId, caller.actor, async (tx) => {
    const id = newId(tx.now.getTime());
    const token = newDisplayToken(tx.clinicId);
    await repo.insertDisplay(tx, {
      id,
      name: input.name,
      chime: input.chime,
      token_hash: sha256(token),
      created_by: caller.userId || null,
      revoked_at: null,
    });
    await tx.audit({
      action: 'queue.display_created',
      entityType: 'queue_display',
      entityId: id,
      data: input,
    });
    return { id, name: input.name, chime: input.chime, url: displayUrlOf(deps.settings.publicUrl, token) };
  });
}

/** Revokes a screen: its address answers 404 at once, and open screens hear it and refetch. */
export function revokeDisplay(deps: Deps, clinicId: string, caller: Caller, displayId: string) {
  return withClinic(deps.db, clinicId, caller.actor, async (tx) => {
    const found = await repo.findDisplay(tx, displayId);
    if (!found) throw notFound('Display');
    if (await repo.revokeDisplay(tx, displayId)) {
      await tx.audit({ action: 'queue.display_revoked', entityType: 'queue_display', entityId: displayId });
      // Open screens refetch on this and find 404; the route then asks the live layer to drop
      // the revoked screen's subscriptions (recheckLive).
      await tx.emitLive('queue/display', 'queue.revoked', { displayId });
    }
    const row = await repo.findDisplay(tx, displayId);
    return toDisplay(row ?? found);
  });
}
