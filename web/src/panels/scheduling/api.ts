import { addDays, startOfDay, todayIn } from '@cliniclick/time';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useClinic } from '../../ui/place';

export type Appointment = components['schemas']['Appointment'];
export type MyAppointment = components['schemas']['MyAppointment'];
export type AppointmentStatus = Appointment['status'];
export type AppointmentAction = Appointment['actions'][number];
export type Slot = components['schemas']['Slot'];
export type Service = components['schemas']['Service'];
export type Doctor = components['schemas']['Doctor'];
export type Room = components['schemas']['Room'];
export type WorkRule = components['schemas']['WorkRule'];
export type ScheduleException = components['schemas']['ScheduleException'];
export type Mode = Service['mode'];
export type Patient = components['schemas']['Patient'];
export type ServiceUsage = components['schemas']['ServiceUsage']['items'];

/** Every scheduling query of a clinic starts with this key, so one invalidation refreshes them all. */
export const scheduleKey = (clinicId: string) => ['clinic', clinicId, 'schedule'] as const;

export function useDoctors() {
  const { clinicId } = useClinic();
  return useQuery({
    queryKey: [...scheduleKey(clinicId), 'doctors'],
    queryFn: () => unwrap(api.GET('/api/v1/clinics/{clinicId}/doctors', { params: { path: { clinicId } } })),
    select: (d) => d.items,
  });
}

export function useServices() {
  const { clinicId } = useClinic();
  return useQuery({
    queryKey: [...scheduleKey(clinicId), 'services'],
    queryFn: () => unwrap(api.GET('/api/v1/clinics/{clinicId}/services', { params: { path: { clinicId } } })),
    select: (d) => d.items,
  });
}

/** How often each doctor's services were booked lately: the booking form's default service. */
export function useServiceUsage() {
  const { clinicId } = useClinic();
  return useQuery({
    queryKey: [...scheduleKey(clinicId), 'usage'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/clinics/{clinicId}/services/usage', { params: { path: { clinicId } } })),
    select: (d) => d.items,
    staleTime: 5 * 60_000,
  });
}

/**
 * The earliest free times for a service from today on (one doctor's or every doctor's), up to a
 * month ahead: the first time and everyone free then.
 */
export function useEarliest(serviceId: string | null, doctorId?: string, enabled = true) {
  const { clinicId, clinicTimeZone: zone } = useClinic();
  const from = todayIn(zone);
  const to = addDays(from, 31);
  return useQuery({
    queryKey: [...scheduleKey(clinicId), 'earliest', serviceId, from, doctorId ?? 'all'],
    enabled: enabled && !!serviceId,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/services/{serviceId}/slots', {
          params: {
            path: { clinicId, serviceId: serviceId ?? '' },
            query: { from, to, order: 'time', limit: 20, ...(doctorId ? { doctorId } : {}) },
          },
        }),
      ),
    select: (d) => d.slots.filter((s) => s.start === d.slots[0]?.start),
  });
}

export function useRooms() {
  const { clinicId } = useClinic();
  return useQuery({
    queryKey: [...scheduleKey(clinicId), 'rooms'],
    queryFn: () => unwrap(api.GET('/api/v1/clinics/{clinicId}/rooms', { params: { path: { clinicId } } })),
    select: (d) => d.items,
  });
}

/** Appointments overlapping the local days [fromDay, fromDay + days), for one doctor or all. */
export function useAppointments(fromDay: string, days: number, doctorId?: string) {
  const { clinicId, clinicTimeZone: zone } = useClinic();
  const from = startOfDay(fromDay, zone).toISOString();
  const to = startOfDay(addDays(fromDay, days), zone).toISOString();
  return useQuery({
    queryKey: [...scheduleKey(clinicId), 'appointments', from, to, doctorId ?? 'all'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/appointments', {
          params: { path: { clinicId }, query: { from, to, ...(doctorId ? { doctorId } : {}) } },
        }),
      ),
    select: (d) => d.items,
  });
}

/**
 * Free slots for a service over local days [from, to], ranked recommended-first by the server.
 * `moving`: the appointment being moved, whose own time counts as free.
 */
export function useSlots(
  serviceId: string | null,
  from: string,
  to: string,
  doctorId?: string,
  moving?: string,
  /** The moving visit's own time: never offered as "free" (it is where the visit already is). */
  ownTime?: { start: string; doctorId: string },
) {
  const { clinicId } = useClinic();
  return useQuery({
    queryKey: [...scheduleKey(clinicId), 'slots', serviceId, from, to, doctorId ?? 'all', moving ?? null],
    enabled: !!serviceId,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/services/{serviceId}/slots', {
          params: {
            path: { clinicId, serviceId: serviceId ?? '' },
            query: {
              from,
              to,
              order: 'best',
              ...(doctorId ? { doctorId } : {}),
              ...(moving ? { excludeAppointmentId: moving } : {}),
            },
          },
        }),
      ),
    select: (d) =>
      ownTime ? d.slots.filter((s) => s.start !== ownTime.start || s.doctorId !== ownTime.doctorId) : d.slots,
  });
}

export function useInvalidateSchedule(): () => Promise<void> {
  const queryClient = useQueryClient();
  const { clinicId } = useClinic();
  return () => queryClient.invalidateQueries({ queryKey: scheduleKey(clinicId) });
}

/**
 * A state change of an appointment (cancel needs a reason); refreshes every schedule view after.
 * `onDone` hears of each success (the calendar says it in words).
 */
export function useAppointmentAction(onDone?: (a: Appointment, action: AppointmentAction) => void) {
  const { clinicId } = useClinic();
  const invalidate = useInvalidateSchedule();
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: string; action: AppointmentAction; reason?: string }) => {
      const params = { params: { path: { clinicId, appointmentId: id } } };
      switch (action) {
        case 'confirm':
          return unwrap(api.POST('/api/v1/clinics/{clinicId}/appointments/{appointmentId}/confirm', params));
        case 'checkIn':
          return unwrap(api.POST('/api/v1/clinics/{clinicId}/appointments/{appointmentId}/check-in', params));
        case 'start':
          return unwrap(api.POST('/api/v1/clinics/{clinicId}/appointments/{appointmentId}/start', params));
        case 'complete':
          return unwrap(api.POST('/api/v1/clinics/{clinicId}/appointments/{appointmentId}/complete', params));
        case 'markNoShow':
          return unwrap(api.POST('/api/v1/clinics/{clinicId}/appointments/{appointmentId}/no-show', params));
        case 'cancel':
          return unwrap(
            api.POST('/api/v1/clinics/{clinicId}/appointments/{appointmentId}/cancel', {
              ...params,
              body: { reason: reason ?? '' },
            }),
          );
      }
    },
    onSuccess: (a, v) => onDone?.(a, v.action),
    onSettled: invalidate,
  });
}

/** Only appointments not yet under way move (and live holds): the state machine's rule. */
export const canMove = (a: Appointment) => a.status === 'confirmed' || a.status === 'pending';

/** Moves a visit; `onDone` hears of each success with the visit as it was before. */
export function useReschedule(onDone?: (moved: Appointment, was: Appointment) => void) {
  const { clinicId } = useClinic();
  const invalidate = useInvalidateSchedule();
  return useMutation({
    mutationFn: ({ was: { id }, slot }: { was: Appointment; slot: Slot }) =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/appointments/{appointmentId}/reschedule', {
          params: { path: { clinicId, appointmentId: id } },
          body: { startsAt: slot.start, doctorId: slot.doctorId },
        }),
      ),
    onSuccess: (moved, v) => onDone?.(moved, v.was),
    onSettled: invalidate,
  });
}
