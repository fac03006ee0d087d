/** Online booking in the panel: the status `requested`, the approvals inbox, booking settings, patient booking. */
export const bookingEn = {
  'schedule.status.requested': 'Awaiting approval',
  'visits.status.requested': 'Request sent — the clinic will confirm',
};
