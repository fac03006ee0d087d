/**
 * What a route requires, declared on the route as `config.access`:
 * - `public`: anyone (rate limits still apply);
 * - `user`: any signed-in user;
 * - `clinic`: a member of the `:clinicId` in the path whose role grants `permission`;
 * - `platform`: a platform admin.
 * Permissions and the roles they are granted to are declared by the modules' manifests and
 * assembled into one `Permissions` table (platform/modules/registry.ts). A route under /api without
 * an access declaration, or naming a permission no module declares, fails at startup: default deny.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'user' }
  | { kind: 'clinic'; permission: string }
  | { kind: 'platform'; permission: string };
