/** Setting up: the time-zone picker, a clinic's suggested address, and adding a doctor in one flow. */
export const onboardingEn = {
  'zones.none': 'No time zone matches. Try a city, a country or an offset like GMT+4.',

  'addDoctor.open': 'Add a doctor',
  'addDoctor.title': 'Add a doctor',
  'addDoctor.subtitle':
    'Invite the doctor, then set their profile, services and hours in the same place. All of it takes effect when they accept.',
  'addDoctor.step.invite': 'Invite',
  'addDoctor.step.profile': 'Profile',
  'addDoctor.step.services': 'Services',
  'addDoctor.step.hours': 'Hours',
  'addDoctor.inviteHint':
    'We email them a link to join. Nothing is sent until the last step, so you can go back and change anything.',
  'addDoctor.stepNumbered': '{n}. {step}',
  'addDoctor.next': 'Next',
  'addDoctor.back': 'Back',
  'addDoctor.optional': 'Everything here is optional; the doctor can fill it in later too.',
  'addDoctor.noServices':
    'The clinic has no services yet. Add them under Services and doctors; you can choose them for this doctor there later.',
  'addDoctor.hoursHint':
    'Weekly hours in the clinic’s time ({zone}). Monday to Friday, 9 to 5, is filled in: change it as you need.',
  'addDoctor.send': 'Send invitation',
  'addDoctor.sent':
    'We emailed {email} an invitation. When {name} accepts, their profile, services and hours take effect and they can be booked.',
  'addDoctor.another': 'Add another doctor',
  'addDoctor.toTeam': 'See the team and pending invitations',
  'addDoctor.summaryServices': {
    one: 'Offers {count} service',
    other: 'Offers {count} services',
  },
  'addDoctor.summaryDays': {
    one: 'Works {count} day a week',
    other: 'Works {count} days a week',
  },
  'addDoctor.summaryWhen': 'Takes effect when they accept the invitation.',
  'addDoctor.colSetup': 'Ready when they join',
  'addDoctor.pendingServices': {
    one: '{count} service',
    other: '{count} services',
  },
  'addDoctor.pendingDays': {
    one: 'hours on {count} day',
    other: 'hours on {count} days',
  },
} as const;
