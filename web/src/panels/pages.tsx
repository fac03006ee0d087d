import {
  IconBuildingHospital,
  IconCalendarEvent,
  IconCalendarUser,
  IconClockHour9,
  IconHome,
  IconListCheck,
  IconListDetails,
  IconShieldLock,
  IconStethoscope,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import type { ClinicRole } from '../api/me';
import type { MessageKey } from '../i18n';
import { ClinicsCard, YouCard } from '../ui/AccountCards';
import { SECURITY_PATH } from '../ui/account-paths';
import { HomeGrid } from '../ui/HomePage';
import { SecurityPage } from './account/SecurityPage';
import { AdminHome } from './admin/AdminHome';
import { AuditPage } from './audit/AuditPage';
import { PatientsPage } from './patients/PatientsPage';
import { AddDoctorPage } from './scheduling/AddDoctorPage';
import { AgendaPage } from './scheduling/AgendaPage';
import { CalendarPage } from './scheduling/CalendarPage';
import { MyAgendaCard, NextVisitCard, TodayAppointmentsCard } from './scheduling/HomeCards';
import { MyVisitsPage } from './scheduling/MyVisitsPage';
import { SetupPage } from './scheduling/SetupPage';
import { WorkHoursPage } from './scheduling/WorkHoursPage';
import { StaffPage } from './staff/StaffPage';
import { TeamCard } from './staff/TeamCard';

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
}

/** A role's home page: the cards of the features it has, in this order. */
const cardsHome =
  (cards: readonly ComponentType[]): ComponentType =>
  () => <HomeGrid cards={cards} />;

// A feature adds its card here once it exists (never a placeholder for one that does not).
const homes: Record<ClinicRole, ComponentType> = {
  owner: cardsHome([TodayAppointmentsCard, TeamCard, YouCard, ClinicsCard]),
  doctor: cardsHome([MyAgendaCard, YouCard, ClinicsCard]),
  secretary: cardsHome([TodayAppointmentsCard, YouCard, ClinicsCard]),
  patient: cardsHome([NextVisitCard, YouCard, ClinicsCard]),
};

export const HOME: Omit<ClinicPage, 'component' | 'roles'> = { path: '', label: 'nav.home', icon: IconHome };
export const homeFor = (role: ClinicRole): ComponentType => homes[role];

export const CLINIC_PAGES: ClinicPage[] = [
  // Scheduling: the doctor's agenda first for doctors, the calendar for the front desk.
  { path: 'agenda', label: 'nav.agenda', icon: IconListDetails, roles: ['doctor'], component: AgendaPage },
  {
    path: 'calendar',
    label: 'nav.calendar',
    icon: IconCalendarEvent,
    roles: ['owner', 'secretary', 'doctor'],
    component: CalendarPage,
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
  { path: 'staff', label: 'nav.staff', icon: IconUsersGroup, roles: ['owner'], component: StaffPage },
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
