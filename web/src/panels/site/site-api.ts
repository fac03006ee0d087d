import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useClinic } from '../../ui/place';

export type SiteSettings = components['schemas']['SiteSettings'];
/** What the owner edits (the settings without what the server works out). */
export type SiteDraft = Omit<SiteSettings, 'slug' | 'siteUrl' | 'logoUrl' | 'siteVersion' | 'updatedAt'>;

const siteKey = (clinicId: string) => ['clinics', clinicId, 'site'] as const;

export function useSiteSettings() {
  const { clinicId } = useClinic();
  return useQuery({
    queryKey: siteKey(clinicId),
    queryFn: () => unwrap(api.GET('/api/v1/clinics/{clinicId}/site', { params: { path: { clinicId } } })),
  });
}

function useSetSettings() {
  const { clinicId } = useClinic();
  const qc = useQueryClient();
  return (s: SiteSettings) => qc.setQueryData(siteKey(clinicId), s);
}

export function useSaveSite() {
  const { clinicId } = useClinic();
  const set = useSetSettings();
  return useMutation({
    mutationFn: (body: SiteDraft) =>
      unwrap(api.PUT('/api/v1/clinics/{clinicId}/site', { params: { path: { clinicId } }, body })),
    onSuccess: set,
  });
}

export function useSetLogo() {
  const { clinicId } = useClinic();
  const set = useSetSettings();
  return useMutation({
    mutationFn: (image: string | null) =>
      image === null
        ? unwrap(api.DELETE('/api/v1/clinics/{clinicId}/site/logo', { params: { path: { clinicId } } }))
        : unwrap(
            api.PUT('/api/v1/clinics/{clinicId}/site/logo', {
              params: { path: { clinicId } },
              body: { image },
            }),
          ),
    onSuccess: set,
  });
}

/** The real page rendered by the server with the unsaved draft (kept while the draft is unchanged). */
export function useSitePreview(draft: SiteDraft | null, lang: 'en' | 'ar', version: number) {
  const { clinicId } = useClinic();
  return useQuery({
    queryKey: [...siteKey(clinicId), 'preview', lang, version, draft],
    enabled: draft !== null,
    placeholderData: (previous) => previous,
    queryFn: () =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/site/preview', {
          params: { path: { clinicId } },
          body: { site: draft as SiteDraft, lang },
        }),
      ),
    select: (d) => d.html,
  });
}

/** A file's bytes as base64 (what the logo endpoint takes). */
export function fileAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
