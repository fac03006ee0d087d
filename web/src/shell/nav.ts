import { IconBuildingHospital, IconHome } from '@tabler/icons-react';
import type { ComponentType } from 'react';
import type { ClinicRole } from '../auth/session';
import type { MessageKey } from '../i18n';

export interface NavItem {
  /** Relative to the panel's root; '' is its home. */
  to: string;
  label: MessageKey;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
}

const home: NavItem = { to: '', label: 'nav.home', icon: IconHome };

/** Each panel's own menu. Later features add their screens here. */
export const CLINIC_NAV: Record<ClinicRole, NavItem[]> = {
  owner: [home],
  doctor: [home],
  secretary: [home],
  patient: [home],
};

export const ADMIN_NAV: NavItem[] = [{ to: '', label: 'nav.clinics', icon: IconBuildingHospital }];
