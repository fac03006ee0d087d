import { Button, Menu, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { ME_KEY, useMe } from '../api/me';
import { LOCALES, type Locale, useI18n, useT } from '../i18n';

/** Switches the language at once; for a signed-in user the choice is saved to their account. */
export function LanguageMenu() {
  const t = useT();
  const { locale, setLocale } = useI18n();
  const me = useMe();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (l: Locale) => unwrap(api.PATCH('/api/v1/me', { body: { locale: l } })),
    onSuccess: (data) => queryClient.setQueryData(ME_KEY, data),
  });
  const choose = (l: Locale) => {
    setLocale(l);
    if (me.data) save.mutate(l);
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="dark"
          px="xs"
          leftSection={<IconLanguage size={18} aria-hidden />}
          data-testid="language-menu"
        >
          <VisuallyHidden>{`${t('common.language')}: `}</VisuallyHidden>
          {LOCALES[locale].label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {(Object.keys(LOCALES) as Locale[]).map((l) => (
          <Menu.Item
            key={l}
            lang={l}
            dir={LOCALES[l].dir}
            onClick={() => choose(l)}
            rightSection={l === locale ? <IconCheck size={16} aria-hidden /> : null}
            aria-current={l === locale ? 'true' : undefined}
          >
            {LOCALES[l].label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
