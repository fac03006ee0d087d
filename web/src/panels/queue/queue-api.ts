import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, unwrap } from '../../api/client';
import { useLiveTopic } from '../../api/live';
import type { components } from '../../api/schema';

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

/** Whole minutes from `since` to `now` (never negative). */
export function minutesSince(since: string | null | undefined, now: number): number {
  if (!since) return 0;
  return Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
}

/** Lower-case letters and digits only: "+1 (555) 010-0" and "Sara  Ali" compare as typed. */
const fold = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
const digits = (s: string) => s.replace(/\D/g, '');

/** Today's not-arrived appointments that match what the desk typed: name words or phone digits. */
export function matchNotArrived(list: readonly NotArrived[], typed: string): NotArrived[] {
  const q = fold(typed.trim());
  if (!q) return [];
  const qDigits = digits(q);
  const words = q.split(/\s+/);
  return list.filter((a) => {
    if (qDigits.length >= 3 && qDigits.length === q.replace(/[\s+()-]/g, '').length)
      return digits(a.patientPhone ?? '').includes(qDigits);
    const name = fold(a.patientName);
    return words.every((w) => name.includes(w));
  });
}

/**
 * Whether the typed text looks like an appointment's check-in code (the patient's QR, read by a
 * scanner as typed characters): one word of 8+ letters and digits with at least one digit.
 */
export function looksLikeCode(typed: string): boolean {
  const s = typed.trim();
  return /^[A-Za-z0-9]{8,}$/.test(s) && /\d/.test(s) && /[A-Za-z]/.test(s);
}
