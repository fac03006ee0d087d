import {
  Anchor,
  Button,
  ColorInput,
  FileInput,
  Grid,
  Group,
  Image,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconExternalLink } from '@tabler/icons-react';
import { type ReactNode, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../i18n';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { Notice, useNotice } from '../../ui/notify';
import { Page } from '../../ui/Page';
import { panelPath, useClinic } from '../../ui/place';
import {
  fileAsBase64,
  type SiteDraft,
  type SiteSettings,
  useSaveSite,
  useSetLogo,
  useSitePreview,
  useSiteSettings,
} from './site-api';

function draftOf(s: SiteSettings): SiteDraft {
  const { slug: _s, siteUrl: _u, logoUrl: _l, siteVersion: _v, updatedAt: _a, ...draft } = s;
  return draft;
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
      <Title order={2} size="h4" component="legend" mb={4}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}

/**
 * The owner's website editor: every text in both languages, contact, colour, logo, language and
 * host name, beside a live preview (the server renders the real page from the unsaved draft).
 */
export function WebsitePage() {
  const t = useT();
  const clinic = useClinic();
  const settings = useSiteSettings();
  const save = useSaveSite();
  const logo = useSetLogo();
  const notice = useNotice();
  const [draft, setDraft] = useState<SiteDraft | null>(null);
  const [lang, setLang] = useState<'en' | 'ar'>('en');
  useEffect(() => {
    if (settings.data && draft === null) setDraft(draftOf(settings.data));
  }, [settings.data, draft]);
  const [debounced] = useDebouncedValue(draft, 300);
  const preview = useSitePreview(debounced, lang, settings.data?.siteVersion ?? 0);

  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => settings.refetch()} />;
  const d = draft;
  const set = <K extends keyof SiteDraft>(k: K, v: SiteDraft[K]) =>
    setDraft((x) => (x ? { ...x, [k]: v } : x));
  const text = (k: 'taglineEn' | 'taglineAr' | 'aboutEn' | 'aboutAr' | 'addressLine' | 'city') => ({
    value: d?.[k] ?? '',
    onChange: (e: { currentTarget: { value: string } }) => set(k, e.currentTarget.value),
    disabled: !d,
  });
  const optional = (k: 'phone' | 'email' | 'mapUrl' | 'customHost') => ({
    value: d?.[k] ?? '',
    onChange: (e: { currentTarget: { value: string } }) => set(k, orNull(e.currentTarget.value)),
    disabled: !d,
  });
  const sitePath = `/c/${clinic.clinicSlug}`;

  return (
    <Page
      title={t('site.title')}
      subtitle={
        <Anchor href={sitePath} target="_blank" rel="noopener" data-testid="view-site">
          <Group gap={4} component="span" wrap="nowrap">
            {t('site.view')}
            <IconExternalLink size={14} aria-hidden />
          </Group>
        </Anchor>
      }
    >
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              notice.clear();
              if (d) save.mutate(d, { onSuccess: () => notice.show(t('site.saved')) });
            }}
            data-testid="site-form"
          >
            <Stack gap="lg">
              <Block title={t('site.texts')}>
                <TextInput
                  label={t('site.taglineEn')}
                  maxLength={200}
                  {...text('taglineEn')}
                  data-testid="tagline-en"
                />
                <TextInput
                  label={t('site.taglineAr')}
                  maxLength={200}
                  dir="rtl"
                  lang="ar"
                  {...text('taglineAr')}
                />
                <Textarea
                  label={t('site.aboutEn')}
                  autosize
                  minRows={2}
                  maxLength={4000}
                  {...text('aboutEn')}
                />
                <Textarea
                  label={t('site.aboutAr')}
                  autosize
                  minRows={2}
                  maxLength={4000}
                  dir="rtl"
                  lang="ar"
                  {...text('aboutAr')}
                />
              </Block>
              <Block title={t('site.contact')}>
                <TextInput
                  label={t('site.addressLine')}
                  maxLength={300}
                  dir="auto"
                  {...text('addressLine')}
                />
                <TextInput label={t('site.city')} maxLength={100} dir="auto" {...text('city')} />
                <TextInput label={t('site.phone')} type="tel" dir="ltr" {...optional('phone')} />
                <TextInput label={t('site.email')} type="email" dir="ltr" {...optional('email')} />
                <TextInput
                  label={t('site.mapUrl')}
                  description={t('site.mapUrlHint')}
                  dir="ltr"
                  {...optional('mapUrl')}
                />
                <Group grow>
                  <NumberInput
                    label={t('site.latitude')}
                    dir="ltr"
                    min={-90}
                    max={90}
                    decimalScale={6}
                    value={d?.latitude ?? ''}
                    onChange={(v) => set('latitude', typeof v === 'number' ? v : null)}
                    disabled={!d}
                  />
                  <NumberInput
                    label={t('site.longitude')}
                    dir="ltr"
                    min={-180}
                    max={180}
                    decimalScale={6}
                    value={d?.longitude ?? ''}
                    onChange={(v) => set('longitude', typeof v === 'number' ? v : null)}
                    disabled={!d}
                  />
                </Group>
              </Block>
              <Block title={t('site.look')}>
                <ColorInput
                  label={t('site.brandColor')}
                  format="hex"
                  value={d?.brandColor ?? ''}
                  onChange={(v) => set('brandColor', /^#[0-9a-f]{6}$/i.test(v) ? v.toLowerCase() : null)}
                  disabled={!d}
                  swatches={['#0b7285', '#1971c2', '#5f3dc4', '#c2255c', '#2b8a3e', '#e8590c']}
                />
                <Select
                  label={t('site.defaultLang')}
                  data={[
                    { value: '', label: t('site.defaultLangClinic') },
                    { value: 'en', label: 'English' },
                    { value: 'ar', label: 'العربية' },
                  ]}
                  value={d?.defaultLang ?? ''}
                  onChange={(v) => set('defaultLang', v === 'en' || v === 'ar' ? v : null)}
                  allowDeselect={false}
                  disabled={!d}
                />
                <Group align="flex-end">
                  {settings.data?.logoUrl && (
                    <Image
                      src={settings.data.logoUrl}
                      alt={t('site.logoCurrent')}
                      w={48}
                      h={48}
                      fit="contain"
                    />
                  )}
                  <FileInput
                    label={t('site.logo')}
                    description={t('site.logoHint')}
                    accept="image/png,image/jpeg,image/webp,image/gif"
                    placeholder={t('site.logoPick')}
                    onChange={async (file) => {
                      if (file) logo.mutate(await fileAsBase64(file));
                    }}
                    disabled={logo.isPending}
                    style={{ flex: 1 }}
                  />
                  {settings.data?.logoUrl && (
                    <Button
                      variant="subtle"
                      color="red"
                      onClick={() => logo.mutate(null)}
                      loading={logo.isPending}
                    >
                      {t('site.logoRemove')}
                    </Button>
                  )}
                </Group>
                <FormError error={logo.error} />
              </Block>
              <Block title={t('site.host')}>
                <TextInput
                  label={t('site.customHost')}
                  description={t('site.customHostHint')}
                  placeholder={t('site.customHostPlaceholder')}
                  dir="ltr"
                  {...optional('customHost')}
                />
              </Block>
              {d && d.doctors.length > 0 && (
                <Block title={t('site.doctors')}>
                  {d.doctors.map((doc, i) => (
                    <TextInput
                      key={doc.id}
                      label={t('site.specialtyAr', { name: doc.name })}
                      description={doc.specialty ?? undefined}
                      maxLength={200}
                      dir="rtl"
                      lang="ar"
                      value={doc.specialtyAr}
                      onChange={(e) => {
                        const specialtyAr = e.currentTarget.value;
                        set(
                          'doctors',
                          d.doctors.map((x, j) => (j === i ? { ...x, specialtyAr } : x)),
                        );
                      }}
                    />
                  ))}
                </Block>
              )}
              <Text size="sm" c="dimmed">
                {t('site.doctorsNote')}{' '}
                <Anchor component={Link} to={`${panelPath(clinic)}/setup`}>
                  {t('site.doctorsLink')}
                </Anchor>
              </Text>
              <Group>
                <Button type="submit" loading={save.isPending} disabled={!d} data-testid="site-save">
                  {t('site.save')}
                </Button>
              </Group>
              <FormError error={save.error} />
              <Notice notice={notice} />
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="xs" pos="sticky" top={16}>
            <Group justify="space-between">
              <Title order={2} size="h4">
                {t('site.preview')}
              </Title>
              <SegmentedControl
                size="xs"
                value={lang}
                onChange={(v) => setLang(v === 'ar' ? 'ar' : 'en')}
                data={[
                  { value: 'en', label: 'English' },
                  { value: 'ar', label: 'العربية' },
                ]}
                aria-label={t('site.previewLanguage')}
                data-testid="preview-lang"
              />
            </Group>
            <Text size="xs" c="dimmed">
              {t('site.previewHint')}
            </Text>
            {preview.isError ? (
              <FormError error={preview.error} />
            ) : (
              // The server's own page, fed the draft: no scripts run in it (sandbox), links stay inert.
              <iframe
                title={t('site.preview')}
                srcDoc={preview.data ?? ''}
                sandbox="allow-same-origin"
                data-testid="site-preview"
                style={{
                  width: '100%',
                  height: 640,
                  border: '1px solid var(--mantine-color-gray-3)',
                  borderRadius: 8,
                }}
              />
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}
