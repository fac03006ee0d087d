import { addDays } from '@cliniclick/time';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useClinic } from '../../ui/place';
import { scheduleKey, useInvalidateSchedule } from './api';

export type SchedulingSettings = components['schemas']['SchedulingSettings'];

/** Which of the local days [from, from + days) anyone (or the doctor) works: closed days fold. */
export function useWorkDays(from: string, days: number, doctorId?: string) {
  const { clinicId } = useClinic();
  const to = addDays(from, days - 1);
  return useQuery({
    queryKey: [...scheduleKey(clinicId), 'work-days', from, to, doctorId ?? 'all'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/work-days', {
          params: { path: { clinicId }, query: { from, to, ...(doctorId ? { doctorId } : {}) } },
        }),
      ),
    select: (d) => new Map(d.days.map((x) => [x.date, x.open])),
  });
}

/** The clinic's slot grid and whether off-grid starts are suggested. */
export function useSchedulingSettings() {
  const { clinicId } = useClinic();
  return useQuery({
    queryKey: [...scheduleKey(clinicId), 'settings'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/clinics/{clinicId}/scheduling-settings', { params: { path: { clinicId } } })),
  });
}

export function useSaveSchedulingSettings() {
  const { clinicId } = useClinic();
  const invalidate = useInvalidateSchedule();
  return useMutation({
    mutationFn: (body: Omit<SchedulingSettings, 'updatedAt'>) =>
      unwrap(
        api.PUT('/api/v1/clinics/{clinicId}/scheduling-settings', { params: { path: { clinicId } }, body }),
      ),
    onSuccess: invalidate,
  });
}
