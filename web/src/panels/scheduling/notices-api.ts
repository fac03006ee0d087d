import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useClinic } from '../../ui/place';
import { scheduleKey, useInvalidateSchedule } from './api';

/** An appointment's messages (delivery status), the patient's answer and the call flag. */
export function useNotices(appointmentId: string) {
  const { clinicId } = useClinic();
  return useQuery({
    queryKey: [...scheduleKey(clinicId), 'notices', appointmentId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/appointments/{appointmentId}/notices', {
          params: { path: { clinicId, appointmentId } },
        }),
      ),
  });
}

/** Visits flagged "call the patient" starting in [from, to). */
export function useCallList(from: string, to: string) {
  const { clinicId } = useClinic();
  return useQuery({
    queryKey: [...scheduleKey(clinicId), 'call-patients', from, to],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/call-patients', {
          params: { path: { clinicId }, query: { from, to } },
        }),
      ),
    select: (d) => d.items,
  });
}

export function useClearCall() {
  const { clinicId } = useClinic();
  const invalidate = useInvalidateSchedule();
  return useMutation({
    mutationFn: (appointmentId: string) =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/appointments/{appointmentId}/call-flag/clear', {
          params: { path: { clinicId, appointmentId } },
        }),
      ),
    onSettled: invalidate,
  });
}

export function useRevokeLinks() {
  const { clinicId } = useClinic();
  return useMutation({
    mutationFn: (appointmentId: string) =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/appointments/{appointmentId}/links/revoke', {
          params: { path: { clinicId, appointmentId } },
        }),
      ),
  });
}

/** A patient's own changes (cancel, move, "I will come"); the lists refresh after. */
export function useMyVisitChange() {
  const { clinicId } = useClinic();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      c: { id: string } & (
        | { kind: 'cancel'; reason?: string }
        | { kind: 'move'; startsAt: string }
        | { kind: 'attend' }
      ),
    ) => {
      const params = { path: { clinicId, appointmentId: c.id } };
      if (c.kind === 'cancel')
        return unwrap(
          api.POST('/api/v1/clinics/{clinicId}/me/appointments/{appointmentId}/cancel', {
            params,
            body: c.reason ? { reason: c.reason } : {},
          }),
        );
      if (c.kind === 'move')
        return unwrap(
          api.POST('/api/v1/clinics/{clinicId}/me/appointments/{appointmentId}/reschedule', {
            params,
            body: { startsAt: c.startsAt },
          }),
        );
      return unwrap(
        api.POST('/api/v1/clinics/{clinicId}/me/appointments/{appointmentId}/confirm-attendance', { params }),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: scheduleKey(clinicId) }),
  });
}

export function useMoveOptions(appointmentId: string, enabled: boolean) {
  const { clinicId } = useClinic();
  return useQuery({
    queryKey: [...scheduleKey(clinicId), 'mine', 'move-options', appointmentId],
    enabled,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/me/appointments/{appointmentId}/move-options', {
          params: { path: { clinicId, appointmentId } },
        }),
      ),
    select: (d) => d.items,
  });
}

/** Downloads the visit's .ics with the session (a plain link would not carry the header). */
export async function downloadVisitIcs(clinicId: string, appointmentId: string): Promise<void> {
  const { data } = await api.GET('/api/v1/clinics/{clinicId}/me/appointments/{appointmentId}/calendar.ics', {
    params: { path: { clinicId, appointmentId } },
    parseAs: 'blob',
  });
  if (!data) return;
  const url = URL.createObjectURL(new Blob([data], { type: 'text/calendar' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'visit.ics';
  a.click();
  URL.revokeObjectURL(url);
}
