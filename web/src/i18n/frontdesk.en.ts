/**
 * The front desk's quick paths on the calendar: booking from an empty time or the earliest free
 * time, confirmations in words with an undo, moving with one question, cancelling with a reason.
 */
export const frontdeskEn = {
  'frontdesk.when': '{day}, {time}',
  'frontdesk.booked': 'Booked {patient} with {doctor}, {when}.',
  'frontdesk.bookedSeries': {
    one: 'Booked {count} visit for {patient} with {doctor}, from {when}.',
    other: 'Booked {count} visits for {patient} with {doctor}, from {when}.',
  },
  'frontdesk.moved': 'Moved {patient} to {when} with {doctor}.',
  'frontdesk.cancelled': 'Cancelled {patient}’s visit of {when}.',
  'frontdesk.changed': '{patient}, {when}: now “{status}”.',
  'frontdesk.undo': 'Undo',
  'frontdesk.undoneBooking': 'Undone: {patient}’s visit of {when} is cancelled.',
  'frontdesk.undoneMove': 'Undone: {patient} is back at {when} with {doctor}.',
  'frontdesk.undoneCancel': 'Undone: {patient} is booked again for {when}.',
  'frontdesk.undoReason': 'Booked by mistake',
  'frontdesk.dismiss': 'Dismiss this message',

  'frontdesk.earliest': 'Earliest free time',
  'frontdesk.earliestLabel': 'Earliest free time',
  'frontdesk.noneSoon': 'No free time for this service in the next month. Look further ahead below.',
  'frontdesk.notFree': '{time} is not free for this service. Pick a time below.',
  'frontdesk.serviceHint': 'The one booked most often here; change it if needed.',
  'frontdesk.bookAtTime': 'Book at {time}',
  'frontdesk.clickToBook': 'Click or tap an empty time to book it.',

  'frontdesk.addTyped': 'Add “{name}” as a new patient',

  'frontdesk.moveTo': 'Move to',
  'frontdesk.moreTimes': 'Other times…',
  'frontdesk.moveConfirm': 'Move {patient} from {from} to {to} with {doctor}?',
  'frontdesk.moveYes': 'Move',
  'frontdesk.pickAgain': 'Choose another time',

  'frontdesk.reasons': 'Cancel because',
  'frontdesk.reason.patientCancelled': 'The patient cancelled',
  'frontdesk.reason.unwell': 'The patient is unwell',
  'frontdesk.reason.doctorAway': 'The doctor is unavailable',
  'frontdesk.reason.mistake': 'Booked by mistake',
} as const;
