import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, unwrap } from '../../api/client';
import { useLiveTopic } from '../../api/live';
import type { components } from '../../api/schema';
import { useClinic } from '../../ui/place';

/**
 * The queue's API (server module `queue`), as TanStack Query hooks and plain calls. Every queue
 * query of a clinic sits under `['clinic', id, 'queue']`: a live event invalidates them all.
 */
export type QueueBoard = components['schemas']['QueueBoard'];
export type QueueEntry = components['schemas']['QueueEntry'];
export type QueueState = QueueEntry['state'];
export type DoctorColumn = components['schemas']['QueueDoctorColumn'];
export type NotArrived = components['schemas']['QueueNotArrived'];
export type QueueDisplay = components['schemas']['QueueDisplay'];
export type QueueEstimates = components['schemas']['QueueEstimates'];
export type PublicDisplay = components['schemas']['QueueDisplayBoard'];
export type PublicTicket = components['schemas']['QueueTicket'];
export type MyQueue = components['schemas']['MyQueue'];

export const queueKey = (clinicId: string) => ['clinic', clinicId, 'queue'] as const;

/** Today's queue of the clinic (or one doctor's column), refreshed by the live topic given. */
export function useQueueBoard(clinicId: string, opts: { doctorId?: string; topic: string }) {
  const qc = useQueryClient();
  const { doctorId, topic } = opts;
  useLiveTopic(clinicId, topic, () => qc.invalidateQueries({ queryKey: queueKey(clinicId) }));
  return useQuery({
    queryKey: [...queueKey(clinicId), 'board', doctorId ?? 'all'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/queue', {
          params: { path: { clinicId }, query: doctorId ? { doctorId } : {} },
        }),
      ),
    // Also a fallback when the live connection is down: the board never goes stale for long.
    refetchInterval: 60_000,
  });
}

/** The clinic's doctors and services, for the walk-in's choices. */
export function useDoctorsAndServices() {
  const { clinicId } = useClinic();
  const doctors = useQuery({
    queryKey: ['clinic', clinicId, 'doctors'],
    queryFn: () => unwrap(api.GET('/api/v1/clinics/{clinicId}/doctors', { params: { path: { clinicId } } })),
    select: (d) => d.items,
  });
  const services = useQuery({
    queryKey: ['clinic', clinicId, 'services'],
    queryFn: () => unwrap(api.GET('/api/v1/clinics/{clinicId}/services', { params: { path: { clinicId } } })),
    select: (d) => d.items,
  });
  return { doctors: doctors.data ?? [], services: services.data ?? [] };
}

export type EntryAction = 'call' | 'start' | 'finish' | 'check-out' | 'left' | 'return';

/** The calls that change the queue; each answers the entry as it now is. */
export function useQueueCalls(clinicId: string) {
  return {
    checkIn: useCallback(
      (body: { appointmentId: string } | { code: string }) =>
        unwrap(
          api.POST('/api/v1/clinics/{clinicId}/queue/check-in', { params: { path: { clinicId } }, body }),
        ),
      [clinicId],
    ),
    walkIn: useCallback(
      (body: {
        doctorId: string;
        serviceId?: string;
        patientId?: string;
        patient?: { fullName: string; phone: string };
      }) =>
        unwrap(
          api.POST('/api/v1/clinics/{clinicId}/queue/walk-in', { params: { path: { clinicId } }, body }),
        ),
      [clinicId],
    ),
    callNext: useCallback(
      (doctorId: string) =>
        unwrap(
          api.POST('/api/v1/clinics/{clinicId}/queue/doctors/{doctorId}/call-next', {
            params: { path: { clinicId, doctorId } },
            body: {},
          }),
        ),
      [clinicId],
    ),
    act: useCallback(
      (entryId: string, action: EntryAction, reason?: string) => {
        const path = { params: { path: { clinicId, entryId } }, body: {} };
        switch (action) {
          case 'call':
            return unwrap(api.POST('/api/v1/clinics/{clinicId}/queue/entries/{entryId}/call', path));
          case 'start':
            return unwrap(api.POST('/api/v1/clinics/{clinicId}/queue/entries/{entryId}/start', path));
          case 'finish':
            return unwrap(api.POST('/api/v1/clinics/{clinicId}/queue/entries/{entryId}/finish', path));
          case 'check-out':
            return unwrap(api.POST('/api/v1/clinics/{clinicId}/queue/entries/{entryId}/check-out', path));
          case 'return':
            return unwrap(api.POST('/api/v1/clinics/{clinicId}/queue/entries/{entryId}/return', path));
          case 'left':
            return unwrap(
              api.POST('/api/v1/clinics/{clinicId}/queue/entries/{entryId}/left', {
                params: path.params,
                body: reason ? { reason } : {},
              }),
            );
        }
      },
      [clinicId],
    ),
    /** Answers the entry where it now stands (the server answers the doctor's whole line). */
    move: useCallback(
      async (entryId: string, position: number, reason: string) => {
        const line = await unwrap(
          api.POST('/api/v1/clinics/{clinicId}/queue/entries/{entryId}/move', {
            params: { path: { clinicId, entryId } },
            body: { position, reason },
          }),
        );
        const moved = line.waiting.find((e) => e.id === entryId);
        if (!moved) throw new Error('moved entry missing from its line');
        return moved;
      },
      [clinicId],
    ),
    urgent: useCallback(
      (entryId: string, urgent: boolean, reason: string) =>
        unwrap(
          api.POST('/api/v1/clinics/{clinicId}/queue/entries/{entryId}/urgent', {
            params: { path: { clinicId, entryId } },
            body: { urgent, reason },
          }),
        ),
      [clinicId],
    ),
  };
}

export { looksLikeCode, matchNotArrived, minutesSince } from './match';
