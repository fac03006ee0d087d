import { accountEn } from './account.en';
import { auditEn } from './audit.en';
import { bookingEn } from './booking.en';
import { calendarEn } from './calendar.en';
import { frontdeskEn } from './frontdesk.en';
import { mfaEn } from './mfa.en';
import { noticesEn } from './notices.en';
import { onboardingEn } from './onboarding.en';
import { peopleEn } from './people.en';
import type { Message } from './plural';
import { queueEn } from './queue.en';
import { schedulingEn } from './scheduling.en';
import { siteEn } from './site.en';
import { waitlistEn } from './waitlist.en';
import { wordsEn } from './words.en';

/**
 * Every string the web app shows, in English: the shell's here, each feature's in its own
 * `<feature>.en.ts` beside it (spread in below). The source of truth for keys: the Arabic files
 * must have exactly the same ones (TypeScript checks it), and `npm run i18n:check -w web` fails on
 * text written straight into a component. `{name}` marks a value filled in at run time.
 */
export const en = {
  ...schedulingEn,
  ...frontdeskEn,
  ...peopleEn,
  ...auditEn,
  ...accountEn,
  ...mfaEn,
  ...onboardingEn,
  ...wordsEn,
  ...calendarEn,
  ...siteEn,
  ...bookingEn,
  ...noticesEn,
  ...waitlistEn,
  ...queueEn,
  'app.name': 'Cliniclick',
  'app.tagline': 'Your clinic’s day, in one place.',
  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.signOut': 'Sign out',
  'common.language': 'Language',
  'common.skipToContent': 'Skip to main content',
  'common.toggleNavigation': 'Show or hide the menu',
  'common.mainNavigation': 'Main menu',
  'common.switchClinic': 'Switch clinic or role',
  'common.yourAccount': 'Your account',
  'common.clinicAndRole': '{clinic} · {role}',
  'common.none': '—',
  'roles.owner': 'Owner',
  'roles.doctor': 'Doctor',
  'roles.secretary': 'Front desk',
  'roles.patient': 'Patient',
  'roles.admin': 'Platform admin',
  'status.active': 'Active',
  'status.suspended': 'Suspended',

  'signIn.title': 'Sign in',
  'signIn.subtitle': 'Scheduling, patients and payments for your clinic.',
  'signIn.staffTab': 'Clinic staff',
  'signIn.patientTab': 'Patients',
  'signIn.email': 'Email',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.phone': 'Mobile number',
  'signIn.phoneHint': 'With the country code, for example +1 555 555 0100',
  'signIn.sendCode': 'Text me a code',
  'signIn.codeSent': 'We sent a 6-digit code by SMS to {phone}.',
  'signIn.code': 'Code from the SMS',
  'signIn.verify': 'Sign in',
  'signIn.otherPhone': 'Use another number',
  'signIn.resend': 'Send a new code',
  'signIn.sessionEnded': 'Your session has ended. Sign in again to continue where you were.',
  'signIn.signedOut': 'You have signed out.',
  'form.required': 'Fill this in',
  'form.email': 'Enter an email address like name@example.com.',
  'form.passwordShort': 'Use at least 10 characters.',
  'form.timeOrder': 'The end must be after the start.',

  'errors.title': 'That did not work',
  'errors.invalid_credentials': 'That email and password do not match. Check both and try again.',
  'errors.account_locked': 'Too many wrong passwords. Wait 15 minutes, then try again.',
  'errors.account_disabled': 'This account is switched off. Ask the clinic owner for help.',
  'errors.too_many_requests': 'Too many attempts from this device. Wait a minute, then try again.',
  'errors.invalid_phone': 'Enter the number with its country code, for example +1 555 555 0100.',
  'errors.otp_invalid': 'That code is not right. Check the SMS and try again.',
  'errors.otp_expired': 'This code is no longer valid. Ask for a new one.',
  'errors.otp_locked': 'Too many wrong codes. Ask for a new one.',
  'errors.otp_cooldown': 'A code was just sent. Wait a moment before asking for another.',
  'errors.validation_failed': 'Some details are missing or not valid. Check the form and try again.',
  'errors.invalid_text':
    'A name or note holds a hidden or control character (often pasted along with the text). Type it again and try once more.',
  'errors.date_out_of_range': 'A date is too far in the past or the future. Check the dates and try again.',
  'errors.csrf_failed': 'This page has expired. Reload it and try again.',
  'errors.clinic_suspended': 'This clinic is suspended. Contact Cliniclick support.',
  'errors.forbidden': 'You do not have access to this.',
  'errors.not_found': 'We could not find that.',
  'errors.network': 'We could not reach Cliniclick. Check the internet connection and try again.',
  'errors.generic': 'Something went wrong on our side. Try again in a moment.',

  'nav.home': 'Home',
  'nav.clinics': 'Clinics',
  'nav.staff': 'Staff',
  'nav.patients': 'Patients',
  'nav.audit': 'Audit log',

  'home.greetingMorning': 'Good morning, {name}',
  'home.greetingAfternoon': 'Good afternoon, {name}',
  'home.greetingEvening': 'Good evening, {name}',
  'home.today': '{date} · {time} at {clinic}',
  'home.you': 'You',
  'home.email': 'Email',
  'home.phone': 'Phone',
  'home.role': 'Role here',
  'home.yourClinics': 'Your clinics',
  'home.open': 'Open',
  'home.current': 'You are here',
  'home.todayAppointments': 'Today’s appointments',
  'home.todayAppointmentsEmpty': 'No appointments today yet. Booked visits will appear here.',
  'home.myAgenda': 'My agenda today',
  'home.myAgendaEmpty': 'Nothing on your agenda today. Your booked patients will appear here.',
  'home.team': 'Team',
  'home.teamCount': 'People on the team',
  'home.nextVisit': 'Your next visit',
  'home.nextVisitEmpty': 'You have no upcoming visits at {clinic}.',
  'home.noClinic': 'Your account is not part of a clinic yet. Ask your clinic to invite you.',

  'admin.title': 'Platform overview',
  'admin.clinicsTitle': 'Clinics',
  'admin.clinicsTotal': 'Clinics on the platform',
  'admin.clinicsEmpty': 'No clinics yet.',
  'admin.colName': 'Clinic',
  'admin.colSlug': 'Address',
  'admin.colZone': 'Time zone',
  'admin.colCurrency': 'Currency',
  'admin.colStatus': 'Status',
  'admin.colCreated': 'Joined',

  'notFound.title': 'Page not found',
  'notFound.body': 'The link may be old, or you may not have access to it.',
  'notFound.home': 'Go to my home page',
} as const;

type En = typeof en;
/** Keys of plain messages. */
export type MessageKey = { [K in keyof En]: En[K] extends string ? K : never }[keyof En];
/** Keys of plural messages (an object of forms; `t` needs a `count`). */
export type PluralKey = Exclude<keyof En, MessageKey>;
/** A whole dictionary, any language. */
export type Dictionary = Record<keyof En, Message>;
