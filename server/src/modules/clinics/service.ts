import { assertPasswordAllowed } from '../../platform/auth/password-policy.ts';
import {
  emailRace,
  findEmailIdentity,
  findOrCreateEmailUser,
  isEmailIdentityRace,
  normalizeEmail,
} from '../../platform/auth/users.ts';
import type { Actor, Database } from '../../platform/db/database.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import { withClinic, withGlobal } from '../../platform/db/tenancy.ts';
import { AppError, conflict, notFound } from '../../platform/http/errors.ts';
import type { OutboxSignal } from '../../platform/notify/message.ts';
import { addMember, currentStaff, issueInvitation } from '../staff/index.ts';
import type { Clinic } from './repo.ts';
import * as repo from './repo.ts';
import { type CreateClinicInput, canonicalLocale, canonicalTimeZone, createClinicBody } from './schema.ts';

export interface ClinicsDeps {
  db: Database;
  outbox: OutboxSignal;
  /** Links in emails point here. */
  publicUrl: string;
}

export interface Owner {
  userId: string;
  name: string;
  email: string | null;
}

export interface CreatedClinic {
  clinic: Clinic;
  owner: Owner & { newAccount: boolean; passwordSetupSent: boolean; status: 'active' | 'invited' };
}

const slugTaken = () => conflict('slug_taken', 'Another clinic already uses this address (slug)');

function isSlugViolation(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown; detail?: unknown };
  return e?.code === '23505' && /slug/.test(`${e.constraint ?? ''} ${e.detail ?? ''}`);
}

/** The same checks as the HTTP body, for callers that are not routes (the demo seed). */
function validated(input: CreateClinicInput): CreateClinicInput {
  const parsed = createClinicBody.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  throw new AppError(400, 'validation_failed', `Invalid ${errors[0]?.field}: ${errors[0]?.message}`, {
    errors,
  });
}

/**
 * Opens a clinic with its owner in one transaction: the clinic, the owner's account, the owner
 * membership or invitation, and the audit trail commit together or not at all. Who the owner
 * becomes depends on the email:
 * - a verified account: it is the person's own; they become owner now, their password untouched;
 * - no account: one is made (with the given password, unverified, or none) and made owner now;
 *   without a password they get an emailed link to choose one;
 * - an unverified account: whoever chose its password may not be the person (any clinic owner can
 *   make such an account), so nothing is granted: the owner role waits in an emailed invitation,
 *   and the given password, if any, is not applied.
 */
export async function createClinicWithOwner(
  deps: ClinicsDeps,
  actor: Actor,
  input: CreateClinicInput,
  /** `notifyOwner: false` (the demo seed): no "you were added" email for an owner given a password. */
  opts: { notifyOwner?: boolean } = {},
): Promise<CreatedClinic> {
  const data = validated(input);
  const clinicId = newId(deps.db.clock.now().getTime());
  const email = normalizeEmail(data.owner.email);
  // Before any lookup, so the answer does not depend on whether the email has an account.
  if (data.owner.password) {
    assertPasswordAllowed(data.owner.password, { email, name: data.owner.name }, 'owner.password');
  }
  try {
    return await withClinic(deps.db, clinicId, actor, async (tx) => {
      if (await repo.slugTaken(tx, data.slug)) throw slugTaken();
      const clinic = await repo.insertClinic(tx, {
        id: clinicId,
        slug: data.slug,
        name: data.name,
        timeZone: canonicalTimeZone(data.timeZone),
        currency: data.currency,
        locale: canonicalLocale(data.locale),
      });
      await tx.audit({
        action: 'clinic.created',
        entityType: 'clinic',
        entityId: clinicId,
        data: { slug: clinic.slug, name: clinic.name, timeZone: clinic.timeZone, currency: clinic.currency },
      });
      const existing = await findEmailIdentity(tx, email);
      if (existing && !existing.verified) {
        await issueInvitation(tx, deps, {
          email,
          name: data.owner.name,
          role: 'owner',
          setsPasswordFor: existing.userId,
        });
        return {
          clinic,
          owner: {
            userId: existing.userId,
            name: existing.name,
            email,
            newAccount: false,
            passwordSetupSent: true,
            status: 'invited' as const,
          },
        };
      }
      const { userId, created } = existing
        ? { userId: existing.userId, created: false }
        : await findOrCreateEmailUser(tx, { email, name: data.owner.name, password: data.owner.password });
      const passwordSetupSent = created && !data.owner.password;
      const member = await addMember(tx, deps, {
        userId,
        email,
        role: 'owner',
        newAccount: created,
        notify: !passwordSetupSent && opts.notifyOwner !== false,
      });
      if (passwordSetupSent) {
        await issueInvitation(tx, deps, { email, name: member.name, role: 'owner', setsPasswordFor: userId });
      }
      return {
        clinic,
        owner: {
          userId,
          name: member.name,
          email: member.email,
          newAccount: created,
          passwordSetupSent,
          status: 'active' as const,
        },
      };
    });
  } catch (err) {
    // Two admins taking the same slug at once: the unique key decides, the loser gets the same answer.
    if (isSlugViolation(err)) throw slugTaken();
    if (isEmailIdentityRace(err)) throw emailRace();
    throw err;
  }
}

export async function listClinics(
  deps: Pick<ClinicsDeps, 'db'>,
  actor: Actor,
  query: {
    limit: number;
    cursor?: string | undefined;
    status?: Clinic['status'] | undefined;
    q?: string | undefined;
  },
): Promise<{ items: Clinic[]; nextCursor: string | null }> {
  // One extra row tells whether there is a next page.
  const rows = await withGlobal(deps.db, actor, (tx) =>
    repo.listClinics(tx, { ...query, limit: query.limit + 1 }),
  );
  const items = rows.slice(0, query.limit);
  return { items, nextCursor: rows.length > query.limit ? items[items.length - 1]!.id : null };
}

/** One clinic, without its people (tools that need only the clinic: the audit-verify command). */
export async function getClinic(
  deps: Pick<ClinicsDeps, 'db'>,
  actor: Actor,
  clinicId: string,
): Promise<Clinic> {
  if (!isUuid(clinicId)) throw notFound('Clinic');
  const clinic = await withGlobal(deps.db, actor, (tx) => repo.findClinic(tx, clinicId));
  if (!clinic) throw notFound('Clinic');
  return clinic;
}

/**
 * The platform console's view of a clinic with its owners (names, emails). Reading who runs a
 * clinic is recorded in that clinic's own audit chain, in the same transaction as the read.
 */
export async function viewClinicAsAdmin(
  deps: Pick<ClinicsDeps, 'db'>,
  actor: Actor,
  clinicId: string,
): Promise<Clinic & { owners: Owner[] }> {
  if (!isUuid(clinicId)) throw notFound('Clinic');
  return withClinic(deps.db, clinicId, actor, async (tx) => {
    const clinic = await repo.findClinic(tx, clinicId);
    if (!clinic) throw notFound('Clinic');
    const owners = (await currentStaff(tx))
      .filter((m) => m.roles.includes('owner'))
      .map((m) => ({ userId: m.userId, name: m.name, email: m.email }));
    await tx.audit({
      action: 'clinic.viewed_by_admin',
      entityType: 'clinic',
      entityId: clinicId,
      data: { read: ['owners'], owners: owners.length },
    });
    return { ...clinic, owners };
  });
}

/**
 * Suspends or reactivates a clinic, recorded in that clinic's own audit chain. Its members are
 * refused (403 clinic_suspended) by the access check from their next request. Asking for the
 * state the clinic is already in changes nothing and records nothing.
 */
export async function setClinicStatus(
  deps: Pick<ClinicsDeps, 'db'>,
  actor: Actor,
  clinicId: string,
  status: Clinic['status'],
  reason: string | null,
): Promise<Clinic> {
  if (!isUuid(clinicId)) throw notFound('Clinic');
  return withClinic(deps.db, clinicId, actor, async (tx) => {
    const current = await repo.findClinic(tx, clinicId, { lock: true });
    if (!current) throw notFound('Clinic');
    if (current.status === status) return current;
    const updated = await repo.setClinicStatus(tx, clinicId, status, reason);
    await tx.audit({
      action: status === 'suspended' ? 'clinic.suspended' : 'clinic.reactivated',
      entityType: 'clinic',
      entityId: clinicId,
      data: { reason },
    });
    return updated;
  });
}
