import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useClinic } from '../../ui/place';

export type Wish = components['schemas']['Wish'];
export type Part = 'morning' | 'afternoon' | 'evening';
export type Priority = 'normal' | 'high' | 'urgent';
export const PARTS: Part[] = ['morning', 'afternoon', 'evening'];
export const PRIORITIES: Priority[] = ['normal', 'high', 'urgent'];

export function useDoctorsAndServices() {
  const { clinicId } = useClinic();
  const doctors = useQuery({
    queryKey: ['clinic', clinicId, 'doctors'],
    queryFn: () => unwrap(api.GET('/api/v1/clinics/{clinicId}/doctors', { params: { path: { clinicId } } })),
    select: (d) => d.items,
  });
  const services = useQuery({
    queryKey: ['clinic', clinicId, 'services'],
    queryFn: () => unwrap(api.GET('/api/v1/clinics/{clinicId}/services', { params: { path: { clinicId } } })),
    select: (d) => d.items,
  });
  return { doctors: doctors.data ?? [], services: services.data ?? [] };
}
