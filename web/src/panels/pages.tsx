import {
  IconBuildingHospital,
  IconCalendarEvent,
  IconCalendarPlus,
  IconCalendarUser,
  IconChartBar,
  IconChecklist,
  IconClockHour9,
  IconHome,
  IconHourglass,
  IconListCheck,
  IconListDetails,
  IconListNumbers,
  IconShieldLock,
  IconStethoscope,
  IconUsers,
  IconUsersGroup,
  IconWorld,
  IconWorldWww,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import type { ClinicRole } from '../api/me';
import type { MessageKey } from '../i18n';
import { SECURITY_PATH } from '../ui/account-paths';
import { lazyNamed, preload } from '../ui/lazy';
import { ApprovalsBadge } from './booking/ApprovalsBadge';

// Every page and card is loaded the first time it is shown (ui/lazy.tsx): a panel fetches the code
// of its own screens only, and the sign-in page none of them.
const HomeGrid = lazyNamed(() => import('../ui/HomePage'), 'HomeGrid');
const ClinicsCard = lazyNamed(() => import('../ui/AccountCards'), 'ClinicsCard');
const YouCard = lazyNamed(() => import('../ui/AccountCards'), 'YouCard');
const SecurityPage = lazyNamed(() => import('./account/SecurityPage'), 'SecurityPage');
const AdminHome = lazyNamed(() => import('./admin/AdminHome'), 'AdminHome');
const ApprovalsPage = lazyNamed(() => import('./booking/ApprovalsPage'), 'ApprovalsPage');
const BookVisitPage = lazyNamed(() => import('./booking/BookVisitPage'), 'BookVisitPage');
const BookingSettingsPage = lazyNamed(() => import('./booking/BookingSettingsPage'), 'BookingSettingsPage');
const AuditPage = lazyNamed(() => import('./audit/AuditPage'), 'AuditPage');
const PatientsPage = lazyNamed(() => import('./patients/PatientsPage'), 'PatientsPage');
const AddDoctorPage = lazyNamed(() => import('./scheduling/AddDoctorPage'), 'AddDoctorPage');
const AgendaPage = lazyNamed(() => import('./scheduling/AgendaPage'), 'AgendaPage');
const CalendarPage = lazyNamed(() => import('./scheduling/CalendarPage'), 'CalendarPage');
const MyAgendaCard = lazyNamed(() => import('./scheduling/HomeCards'), 'MyAgendaCard');
const NextVisitCard = lazyNamed(() => import('./scheduling/HomeCards'), 'NextVisitCard');
const TodayAppointmentsCard = lazyNamed(() => import('./scheduling/HomeCards'), 'TodayAppointmentsCard');
const MyVisitsPage = lazyNamed(() => import('./scheduling/MyVisitsPage'), 'MyVisitsPage');
const SetupPage = lazyNamed(() => import('./scheduling/SetupPage'), 'SetupPage');
const WorkHoursPage = lazyNamed(() => import('./scheduling/WorkHoursPage'), 'WorkHoursPage');
const WebsitePage = lazyNamed(() => import('./site/WebsitePage'), 'WebsitePage');
const StaffPage = lazyNamed(() => import('./staff/StaffPage'), 'StaffPage');
const WaitlistPage = lazyNamed(() => import('./waitlist/WaitlistPage'), 'WaitlistPage');
const AttendancePage = lazyNamed(() => import('./waitlist/AttendancePage'), 'AttendancePage');
const TeamCard = lazyNamed(() => import('./staff/TeamCard'), 'TeamCard');
const QueuePage = lazyNamed(() => import('./queue/QueuePage'), 'QueuePage');
const TodayVisitCard = lazyNamed(() => import('./queue/TodayVisitCard'), 'TodayVisitCard');

type Icon = ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;

/**
 * A screen of a clinic panel: its path under `/app/clinics/{slug}/{role}/`, its menu entry, and
 * the roles that have it (another role gets "not found"). The menu lists a role's pages in this
 * order. A feature adds its screens here; `home` pages are the panel's index.
 */
export interface ClinicPage {
  path: string;
  label: MessageKey;
  icon: Icon;
  roles: readonly ClinicRole[];
  component: ComponentType;
  /** Listed in the menu (default true); false for pages reached by a link, like a detail. */
  inMenu?: boolean;
  /** A live count beside the menu entry (small: it is loaded with the menu). */
  badge?: ComponentType;
}

/** A role's home page: the cards of the features it has, in this order. */
const cardsHome = (cards: readonly ComponentType[]): ComponentType =>
  Object.assign(() => <HomeGrid cards={cards} />, { preload: () => [HomeGrid, ...cards].forEach(preload) });

// A feature adds its card here once it exists (never a placeholder for one that does not).
const homes: Record<ClinicRole, ComponentType> = {
  owner: cardsHome([TodayAppointmentsCard, TeamCard, YouCard, ClinicsCard]),
  doctor: cardsHome([MyAgendaCard, YouCard, ClinicsCard]),
  secretary: cardsHome([TodayAppointmentsCard, YouCard, ClinicsCard]),
  patient: cardsHome([TodayVisitCard, NextVisitCard, YouCard, ClinicsCard]),
};

export const HOME: Omit<ClinicPage, 'component' | 'roles'> = { path: '', label: 'nav.home', icon: IconHome };
export const homeFor = (role: ClinicRole): ComponentType => homes[role];

export const CLINIC_PAGES: ClinicPage[] = [
  // The live queue: the front desk's home for the day (the board), a doctor's own queue.
  {
    path: 'queue',
    label: 'nav.queue',
    icon: IconListNumbers,
    roles: ['owner', 'secretary', 'doctor'],
    component: QueuePage,
  },
  // Scheduling: the doctor's agenda first for doctors, the calendar for the front desk.
  { path: 'agenda', label: 'nav.agenda', icon: IconListDetails, roles: ['doctor'], component: AgendaPage },
  {
    path: 'calendar',
    label: 'nav.calendar',
    icon: IconCalendarEvent,
    roles: ['owner', 'secretary', 'doctor'],
    component: CalendarPage,
  },
  // Online booking: the front desk answers requests; the owner sets the rules.
  {
    path: 'approvals',
    label: 'nav.approvals',
    icon: IconChecklist,
    roles: ['owner', 'secretary'],
    component: ApprovalsPage,
    badge: ApprovalsBadge,
  },
  {
    path: 'patients',
    label: 'nav.patients',
    icon: IconUsers,
    roles: ['owner', 'doctor', 'secretary'],
    component: PatientsPage,
  },
  {
    path: 'hours',
    label: 'nav.workHours',
    icon: IconClockHour9,
    roles: ['owner', 'secretary', 'doctor'],
    component: WorkHoursPage,
  },
  {
    path: 'setup',
    label: 'nav.setup',
    icon: IconStethoscope,
    roles: ['owner', 'secretary'],
    component: SetupPage,
  },
  // Adding a doctor in one flow (invitation, profile, services, hours): the owner invites staff.
  {
    path: 'add-doctor',
    label: 'addDoctor.title',
    icon: IconStethoscope,
    roles: ['owner'],
    component: AddDoctorPage,
    inMenu: false,
  },
  {
    path: 'visits',
    label: 'nav.myVisits',
    icon: IconCalendarUser,
    roles: ['patient'],
    component: MyVisitsPage,
  },
  {
    path: 'online-booking',
    label: 'nav.bookingSettings',
    icon: IconWorldWww,
    roles: ['owner'],
    component: BookingSettingsPage,
  },
  {
    path: 'book',
    label: 'nav.bookVisit',
    icon: IconCalendarPlus,
    roles: ['patient'],
    component: BookVisitPage,
  },
  {
    path: 'waitlist',
    label: 'nav.waitlist',
    icon: IconHourglass,
    roles: ['owner', 'secretary', 'doctor'],
    component: WaitlistPage,
  },
  {
    path: 'attendance',
    label: 'nav.attendance',
    icon: IconChartBar,
    roles: ['owner', 'doctor'],
    component: AttendancePage,
  },
  { path: 'staff', label: 'nav.staff', icon: IconUsersGroup, roles: ['owner'], component: StaffPage },
  // The clinic's public website and its editor with a live preview: the owner's.
  { path: 'website', label: 'nav.website', icon: IconWorld, roles: ['owner'], component: WebsitePage },
  { path: 'audit', label: 'nav.audit', icon: IconListCheck, roles: ['owner'], component: AuditPage },
  // The account's own page, for everyone: reached from the user menu, not listed in the panel's.
  {
    path: SECURITY_PATH,
    label: 'nav.security',
    icon: IconShieldLock,
    roles: ['owner', 'doctor', 'secretary', 'patient'],
    component: SecurityPage,
    inMenu: false,
  },
];

/** The platform console's screens, under `/app/admin/`. */
export interface AdminPage {
  path: string;
  label: MessageKey;
  icon: Icon;
  component: ComponentType;
  /** Listed in the menu (default true). */
  inMenu?: boolean;
}

export const ADMIN_PAGES: AdminPage[] = [
  { path: '', label: 'nav.clinics', icon: IconBuildingHospital, component: AdminHome },
  {
    path: SECURITY_PATH,
    label: 'nav.security',
    icon: IconShieldLock,
    component: SecurityPage,
    inMenu: false,
  },
];
