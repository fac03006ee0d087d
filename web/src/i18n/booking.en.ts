/** Online booking in the panel: the status `requested`, the approvals inbox, booking settings. */
export const bookingEn = {
  'schedule.status.requested': 'Awaiting approval',
  'visits.status.requested': 'Request sent — the clinic will confirm',

  'nav.approvals': 'Approvals',
  'nav.bookingSettings': 'Online booking',
  'approvals.title': 'Requests to approve',
  'approvals.intro':
    'Visits booked online for services that need your approval. Each one holds its time until you answer or its deadline passes.',
  'approvals.empty': 'No requests waiting.',
  'approvals.waiting': { one: '{count} request waiting', other: '{count} requests waiting' },
  'approvals.answerBy': 'Answer by {when}',
  'approvals.approve': 'Approve',
  'approvals.decline': 'Decline',
  'approvals.back': 'Back',
  'approvals.reason': 'Why? (the patient is told)',

  'bookingSettings.title': 'Online booking',
  'bookingSettings.publicPage': 'Your booking page:',
  'bookingSettings.holdMinutes': 'Time held while a visitor books (minutes)',
  'bookingSettings.approvalHours': 'Time to answer a request (hours)',
  'bookingSettings.cancellationWindowHours': 'Patients can cancel up to (hours before)',
  'bookingSettings.minNoticeMinutes': 'Earliest online booking (minutes from now)',
  'bookingSettings.horizonDays': 'Latest online booking (days ahead)',
  'bookingSettings.waitlistOfferMinutes': 'Time to accept a waitlist offer (minutes)',
  'bookingSettings.reminders': 'Reminders (minutes before the visit)',
  'bookingSettings.remindersHint': 'Separate with commas: 1440 is a day, 120 is two hours',
  'bookingSettings.offerMode': 'A freed time is offered to',
  'bookingSettings.offerOne': 'One person at a time',
  'bookingSettings.offerAll': 'Everyone waiting',
  'bookingSettings.save': 'Save',
  'bookingSettings.saved': 'Saved.',
  'bookingSettings.approvalTitle': 'Services that need your approval',
  'bookingSettings.approvalHint':
    'Booked online, these wait in Approvals until the front desk or you answer.',
};
