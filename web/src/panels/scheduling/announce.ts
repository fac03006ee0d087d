import { localTimeOf } from '@cliniclick/time';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n';
import { useClinic, usePlace } from '../../ui/place';
import { type Appointment, type AppointmentAction, useInvalidateSchedule } from './api';
import { dayLabel } from './day-labels';
import { announce, type Feedback } from './feedback';

/** "Mon, Dec 14, 10:30 AM": a day and a time in the clinic's zone, for sentences. */
export function useWhen(): (iso: string) => string {
  const { t, locale } = useI18n();
  const { format } = usePlace();
  const { clinicTimeZone: zone } = useClinic();
  return (iso) =>
    t('frontdesk.when', { day: dayLabel(localTimeOf(iso, zone).day, locale), time: format.time(iso) });
}

/** Names inside an Arabic sentence are isolated (FSI…PDI), so a Latin name keeps its order. */
const isolate = (s: string, rtl: boolean) => (rtl ? `\u2068${s}\u2069` : s);

/**
 * Every change the front desk makes confirms in words, with an Undo where the change can be
 * taken back: a booking is cancelled ("booked by mistake"; the API deletes nothing), a move goes
 * back to the old time, a cancellation books the same time again. Status steps forward
 * (arrived, in the room, done, did not come) have no way back in the state machine: no Undo.
 */
export function useAnnounce() {
  const { t, dir } = useI18n();
  const { clinicId } = useClinic();
  const invalidate = useInvalidateSchedule();
  const rtl = dir === 'rtl';
  const when = useWhen();
  const who = (a: Appointment) => ({
    patient: isolate(a.patientName, rtl),
    doctor: isolate(a.doctorName, rtl),
    when: when(a.startsAt),
  });
  const path = (a: Appointment) => ({ params: { path: { clinicId, appointmentId: a.id } } });
  const focus = (a: Appointment) => ({ id: a.id, startsAt: a.startsAt });

  const undoBooking = async (a: Appointment): Promise<Feedback> => {
    const done = await unwrap(
      api.POST('/api/v1/clinics/{clinicId}/appointments/{appointmentId}/cancel', {
        ...path(a),
        body: { reason: t('frontdesk.undoReason') },
      }),
    );
    await invalidate();
    return { text: t('frontdesk.undoneBooking', who(done)), focus: focus(done) };
  };

  const moveBack = async (a: Appointment, was: Appointment): Promise<Feedback> => {
    const back = await unwrap(
      api.POST('/api/v1/clinics/{clinicId}/appointments/{appointmentId}/reschedule', {
        ...path(a),
        body: { startsAt: was.startsAt, doctorId: was.doctorId },
      }),
    );
    await invalidate();
    return { text: t('frontdesk.undoneMove', who(back)), focus: focus(back) };
  };

  const bookAgain = async (a: Appointment): Promise<Feedback> => {
    const again = await unwrap(
      api.POST('/api/v1/clinics/{clinicId}/appointments', {
        params: { path: { clinicId } },
        body: {
          doctorId: a.doctorId,
          serviceId: a.serviceId,
          startsAt: a.startsAt,
          patientId: a.patientId,
          ...(a.roomId ? { roomId: a.roomId } : {}),
          ...(a.notes ? { notes: a.notes } : {}),
        },
      }),
    );
    await invalidate();
    return { text: t('frontdesk.undoneCancel', who(again)), focus: focus(again) };
  };

  return {
    booked(a: Appointment) {
      announce({ text: t('frontdesk.booked', who(a)), focus: focus(a), undo: () => undoBooking(a) });
    },
    bookedSeries(booked: Appointment[]) {
      const first = booked[0];
      if (!first) return;
      announce({
        text: t('frontdesk.bookedSeries', { ...who(first), count: booked.length }),
        focus: focus(first),
      });
    },
    moved(a: Appointment, was: Appointment) {
      announce({ text: t('frontdesk.moved', who(a)), focus: focus(a), undo: () => moveBack(a, was) });
    },
    changed(a: Appointment, action: AppointmentAction) {
      if (action === 'cancel')
        announce({ text: t('frontdesk.cancelled', who(a)), focus: focus(a), undo: () => bookAgain(a) });
      else
        announce({
          text: t('frontdesk.changed', { ...who(a), status: t(`schedule.status.${a.status}`) }),
          focus: focus(a),
        });
    },
  };
}
