import type { Translate } from '../../i18n';
import { isolate } from '../../i18n/format';
import type { QueueEntry } from './queue-api';

/**
 * The sentence the desk reads after a change, from the entry as the server now has it: "Ticket
 * 12, Sara Ali, is waiting for Dr Reed." Names are isolated: an Arabic name in an English line
 * (or the reverse) keeps its own direction.
 */
export function said(t: Translate, e: QueueEntry): string {
  const values = { ticket: e.ticket, name: isolate(e.patientName), doctor: isolate(e.doctorName) };
  switch (e.state) {
    case 'waiting':
      return e.position && e.position > 1
        ? t('queue.said.waitingAt', { ...values, position: e.position })
        : t('queue.said.waitingNext', values);
    case 'called':
      return t('queue.said.called', values);
    case 'in_consultation':
      return t('queue.said.inConsultation', values);
    case 'done':
      return t('queue.said.done', values);
    case 'checked_out':
      return t('queue.said.checkedOut', values);
    case 'left':
      return t('queue.said.left', values);
  }
}

/** After marking urgent (or not): "Ticket 12, Sara Ali, is urgent for Dr Reed." */
export function saidUrgent(t: Translate, e: QueueEntry): string {
  const values = { ticket: e.ticket, name: isolate(e.patientName), doctor: isolate(e.doctorName) };
  return t(e.urgent ? 'queue.said.urgent' : 'queue.said.notUrgent', values);
}
