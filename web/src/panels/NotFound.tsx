import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useMe } from '../api/me';
import { homePath } from '../auth/session';
import { useT } from '../i18n';
import { LanguageMenu } from '../shell/LanguageMenu';
import { Logo } from '../shell/Logo';

function Message({ title, body }: { title: string; body: string }) {
  const t = useT();
  const me = useMe().data;
  return (
    <Stack align="center" ta="center" py="xl" px="md" maw={520} mx="auto">
      <Title order={1} size="h2">
        {title}
      </Title>
      <Text c="dimmed">{body}</Text>
      {me && homePath(me) !== '/no-clinic' && (
        <Button component={Link} to={homePath(me)}>
          {t('notFound.home')}
        </Button>
      )}
    </Stack>
  );
}

/** A path that is not a page, or a clinic or role this user does not have (the same answer). */
export function NotFoundPage({ inShell = false }: { inShell?: boolean }) {
  const t = useT();
  const body = <Message title={t('notFound.title')} body={t('notFound.body')} />;
  if (inShell) return body;
  return (
    <Stack component="main" id="main" p="md">
      <Stack gap="xs" align="flex-start">
        <Logo />
      </Stack>
      {body}
    </Stack>
  );
}

export function NoClinicPage() {
  const t = useT();
  return (
    <Stack component="main" id="main" p="md">
      <Stack gap="xs" align="flex-end">
        <LanguageMenu />
      </Stack>
      <Message title={t('app.name')} body={t('home.noClinic')} />
    </Stack>
  );
}
