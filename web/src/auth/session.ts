import type { ClinicRole, Me } from '../api/me';
import { panelPath } from '../ui/place';

/** Staff roles come before the patient role when a person is both somewhere. */
const ROLE_ORDER: Record<ClinicRole, number> = { owner: 0, doctor: 1, secretary: 2, patient: 3 };

const LAST_PANEL_KEY = 'cliniclick.lastPanel';

export function rememberPanel(path: string): void {
  localStorage.setItem(LAST_PANEL_KEY, path);
}

/** Where a signed-in user starts: the panel they used last, if they still have it, else their first. */
export function homePath(me: Me): string {
  const places = [
    ...(me.user.platformRole === 'admin' ? ['/admin'] : []),
    ...[...me.memberships].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]).map(panelPath),
  ];
  const last = localStorage.getItem(LAST_PANEL_KEY);
  if (last && places.includes(last)) return last;
  return places[0] ?? '/no-clinic';
}

/** A `next` value from the URL, only if it is a path inside the app (never another site). */
export function safeNext(next: string | null): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  return next.startsWith('/sign-in') ? null : next;
}
