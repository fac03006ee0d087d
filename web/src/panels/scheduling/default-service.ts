import type { Doctor, Service, ServiceUsage } from './api';

/**
 * The service a new booking starts with, so free times show at once: the one the doctor offers
 * if only one, else the one booked most often with them lately (with any doctor when none is
 * chosen); a tie or no history keeps the list's order (by name). `preferred` (the calendar's
 * chosen service) wins when that doctor offers it. Always changeable in the form.
 */
export function defaultService(
  services: readonly Service[],
  doctors: readonly Doctor[],
  usage: ServiceUsage,
  doctorId?: string,
  preferred?: string | null,
): string | null {
  const offeredBy = (d: Pick<Doctor, 'services'>) => new Set(d.services.map((o) => o.serviceId));
  const offered = doctorId
    ? offeredBy(doctors.find((d) => d.id === doctorId) ?? { ...emptyDoctor })
    : new Set(doctors.flatMap((d) => [...offeredBy(d)]));
  const active = services.filter((s) => s.active);
  const pool = active.filter((s) => offered.has(s.id));
  if (preferred && pool.some((s) => s.id === preferred)) return preferred;
  if (pool.length === 0) return null;
  const booked = new Map<string, number>();
  for (const u of usage)
    if (!doctorId || u.doctorId === doctorId)
      booked.set(u.serviceId, (booked.get(u.serviceId) ?? 0) + u.booked);
  let best = pool[0]!;
  for (const s of pool) if ((booked.get(s.id) ?? 0) > (booked.get(best.id) ?? 0)) best = s;
  return best.id;
}

const emptyDoctor: Pick<Doctor, 'services'> = { services: [] };
