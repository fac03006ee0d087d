import type { ClinicRole } from '../db/schema.ts';

/**
 * What a route requires, declared on the route as `config.access`:
 * - `public`: anyone (rate limits still apply);
 * - `user`: any signed-in user;
 * - `clinic`: a member of the `:clinicId` in the path whose role grants `permission`;
 * - `platform`: a platform admin.
 * Permissions and the roles they are granted to are declared by the modules' manifests and
 * assembled into one `Permissions` table (below, built by the app from the manifests). A route under /api without
 * an access declaration, or naming a permission no module declares, fails at startup: default deny.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'user' }
  | { kind: 'clinic'; permission: string }
  | { kind: 'platform'; permission: string };

/** Role → permission grants of one module: `{ 'patients.read': ['owner', 'doctor'] }`. */
export type ClinicPermissionTable = Readonly<Record<string, readonly ClinicRole[]>>;
export type PlatformPermissionTable = Readonly<Record<string, readonly 'admin'[]>>;

/** The grants of one module, by its name (a manifest is one). */
export interface PermissionGrants {
  name: string;
  permissions?: ClinicPermissionTable;
  platformPermissions?: PlatformPermissionTable;
}

/** Who may do what, assembled from the modules' grants. A permission no module declares is denied to all. */
export class Permissions {
  readonly #clinic = new Map<string, readonly ClinicRole[]>();
  readonly #platform = new Map<string, readonly 'admin'[]>();

  constructor(grants: readonly PermissionGrants[]) {
    for (const m of grants) {
      for (const [p, roles] of Object.entries(m.permissions ?? {}))
        this.#declare(this.#clinic, p, roles, m.name);
      for (const [p, roles] of Object.entries(m.platformPermissions ?? {}))
        this.#declare(this.#platform, p, roles, m.name);
    }
  }

  #declare<R>(table: Map<string, readonly R[]>, permission: string, roles: readonly R[], who: string): void {
    if (table.has(permission))
      throw new Error(`permission "${permission}" is declared twice (again by ${who})`);
    table.set(permission, roles);
  }

  hasClinic(permission: string): boolean {
    return this.#clinic.has(permission);
  }

  hasPlatform(permission: string): boolean {
    return this.#platform.has(permission);
  }

  /** The roles granted `permission` (none when no module declares it). */
  rolesFor(permission: string): readonly ClinicRole[] {
    return this.#clinic.get(permission) ?? [];
  }

  allows(roles: readonly ClinicRole[], permission: string): boolean {
    const allowed = this.rolesFor(permission);
    return roles.some((r) => allowed.includes(r));
  }
}
