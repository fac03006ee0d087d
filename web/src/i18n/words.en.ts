/** Words that fit the moment: what patients see, visit rules, names in the audit log, languages. */
export const wordsEn = {
  'errors.check_in_first': 'Check the patient in before starting the visit.',
  // A patient's own view of a visit's state: never the front desk's words ("Held", "Hold lapsed").
  'visits.status.pending': 'Waiting for the clinic to confirm',
  'visits.status.confirmed': 'Booked',
  'visits.status.checked_in': 'You have arrived',
  'visits.status.in_progress': 'Your visit is under way',
  'visits.status.completed': 'Done',
  'visits.status.cancelled': 'Cancelled',
  'visits.status.no_show': 'Missed',
  'visits.status.expired': 'Not confirmed in time',

  'rules.title': 'Visit steps',
  'rules.startBeforeCheckIn': 'A visit may start before the patient is checked in',
  'rules.startBeforeCheckInHint':
    'Off: the front desk checks the patient in first, then the doctor starts the visit. On: for doctors who receive patients themselves.',
  'rules.onNow': 'Visits may start before check-in.',
  'rules.offNow': 'Patients are checked in before their visit starts.',
  'rules.ownerOnly': 'Only the clinic’s owner changes this.',
  'rules.saved': 'Saved: visit steps updated.',

  'setup.nameAr': 'Name in Arabic (optional)',
  'setup.nameArHint': 'Shown to people who use Cliniclick in Arabic.',
  'setup.languagesPick': 'Pick from the list; type to find a language.',

  'audit.entity.patient': 'Patient',
  'audit.entity.appointment': 'Appointment of',
  'audit.entity.appointment_series': 'Series of appointments',
  'audit.entity.user': 'Person',
  'audit.entity.doctor': 'Doctor',
  'audit.entity.service': 'Service',
  'audit.entity.room': 'Room',
  'audit.entity.invitation': 'Invitation to',
  'audit.entity.clinic': 'Clinic',
  'audit.entity.schedule_exception': 'Time off or extra hours',
  'audit.entity.calendar_feed': 'Calendar feed',
  'audit.entity.other': 'Other',

  'schedule.slotOnDay': '{day} · {slot}',
  'schedule.serviceMode': '{service} · {mode}',
  'schedule.serviceOption': '{service} · {price}',
  'schedule.patientWithPhone': '{patient} · {phone}',
  'home.clinicZone': 'Time zone: {zone}. Prices in {currency}.',
} as const;
