import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type Requested = components['schemas']['Appointment'];
export type BookingSettingsView = components['schemas']['BookingSettingsView'];

export const approvalsKey = (clinicId: string) => ['clinic', clinicId, 'approvals'] as const;
const settingsKey = (clinicId: string) => ['clinic', clinicId, 'booking-settings'] as const;

/** Requests awaiting the clinic; refreshed every half minute (the menu's count too). */
export function useApprovals(clinicId: string, enabled = true) {
  return useQuery({
    queryKey: approvalsKey(clinicId),
    enabled,
    refetchInterval: 30_000,
    queryFn: () =>
      unwrap(api.GET('/api/v1/clinics/{clinicId}/approvals', { params: { path: { clinicId } } })),
  });
}

export function useAnswer(clinicId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (a: { id: string; approve: true } | { id: string; approve: false; reason: string }) =>
      a.approve
        ? unwrap(
            api.POST('/api/v1/clinics/{clinicId}/appointments/{appointmentId}/approve', {
              params: { path: { clinicId, appointmentId: a.id } },
            }),
          )
        : unwrap(
            api.POST('/api/v1/clinics/{clinicId}/appointments/{appointmentId}/decline', {
              params: { path: { clinicId, appointmentId: a.id } },
              body: { reason: a.reason },
            }),
          ),
    // The inbox, its count and the calendar all change.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['clinic', clinicId] }),
  });
}

export function useBookingSettings(clinicId: string) {
  return useQuery({
    queryKey: settingsKey(clinicId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/clinics/{clinicId}/booking-settings', { params: { path: { clinicId } } })),
  });
}

export function useSaveBookingSettings(clinicId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      change:
        | { kind: 'settings'; body: Partial<Omit<BookingSettingsView, 'services' | 'updatedAt'>> }
        | { kind: 'service'; serviceId: string; requiresApproval: boolean },
    ) =>
      change.kind === 'settings'
        ? unwrap(
            api.PUT('/api/v1/clinics/{clinicId}/booking-settings', {
              params: { path: { clinicId } },
              body: change.body,
            }),
          )
        : unwrap(
            api.PUT('/api/v1/clinics/{clinicId}/booking-settings/services/{serviceId}', {
              params: { path: { clinicId, serviceId: change.serviceId } },
              body: { requiresApproval: change.requiresApproval },
            }),
          ),
    onSuccess: (next) => queryClient.setQueryData(settingsKey(clinicId), next),
  });
}
