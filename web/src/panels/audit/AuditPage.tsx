import { Alert, Button, Code, Group, Select, Stack, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { type MessageKey, type Translate, useT } from '../../i18n';
import { auditEn } from '../../i18n/audit.en';
import { DataTable } from '../../ui/DataTable';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { Page } from '../../ui/Page';
import { useClinic, usePlace } from '../../ui/place';

type AuditEvent = components['schemas']['AuditEvent'];

/** Every action the log knows in words (audit.*.ts); a code without words is shown as is. */
const KNOWN_ACTIONS = Object.keys(auditEn).map((k) => k.slice('audit.action.'.length));

function actionText(code: string, t: Translate): string {
  const key = `audit.action.${code}`;
  return key in auditEn ? t(key as MessageKey) : code;
}

/** Who did it: the name the server resolved, else today's team list, else a former member. */
function who(e: AuditEvent, names: Map<string, string>, t: Translate): string {
  if (e.actorKind === 'system') return t('audit.system');
  if (!e.actorUserId) return t('audit.public');
  return e.actorName ?? names.get(e.actorUserId) ?? t('audit.unknownPerson');
}

const ENTITY_WORDS = new Set([
  'patient',
  'appointment',
  'appointment_series',
  'user',
  'doctor',
  'service',
  'room',
  'invitation',
  'clinic',
  'schedule_exception',
  'calendar_feed',
]);

/** To whom or what: the kind in words, and its name when the server knows one. */
function Subject({ e, t }: { e: AuditEvent; t: Translate }) {
  // An action on no one record (a search) has its words in the action column already.
  if (!e.entityId) return null;
  const kind = t(
    (ENTITY_WORDS.has(e.entityType) ? `audit.entity.${e.entityType}` : 'audit.entity.other') as MessageKey,
  );
  return (
    <Stack gap={0}>
      <Text size="sm" c="dimmed">
        {kind}
      </Text>
      {e.subjectName && (
        <Text size="sm" fw={600}>
          <bdi>{e.subjectName}</bdi>
        </Text>
      )}
    </Stack>
  );
}

/** The owner's view of the clinic's append-only, hash-chained log, with a check of the chain. */
export function AuditPage() {
  const t = useT();
  const clinic = useClinic();
  const { format } = usePlace();
  const path = { clinicId: clinic.clinicId };
  const [action, setAction] = useState<string | null>(null);

  const events = useInfiniteQuery({
    queryKey: ['clinic', clinic.clinicId, 'audit', action],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/audit', {
          params: { path, query: { limit: 50, cursor: pageParam, action: action ?? undefined } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const staff = useQuery({
    queryKey: ['clinic', clinic.clinicId, 'staff', 'all'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/clinics/{clinicId}/staff', { params: { path, query: { status: 'all' } } })),
  });
  const verify = useMutation({
    mutationFn: () => unwrap(api.GET('/api/v1/clinics/{clinicId}/audit/verify', { params: { path } })),
  });

  const names = new Map((staff.data?.items ?? []).map((m) => [m.userId, m.name]));
  const rows = events.data?.pages.flatMap((p) => p.items);
  // Every known action, plus any code the loaded entries show that has no words yet.
  const actions = [...new Set([...KNOWN_ACTIONS, ...(rows?.map((e) => e.action) ?? [])])]
    .map((code) => ({ value: code, label: actionText(code, t) }))
    .sort((a, b) => a.label.localeCompare(b.label));

  return (
    <Page title={t('audit.title')} subtitle={t('audit.subtitle')}>
      <Group justify="space-between" align="flex-end">
        <Select
          label={t('audit.filter')}
          placeholder={t('audit.all')}
          data={actions}
          searchable
          value={action}
          onChange={setAction}
          clearable
          w={260}
        />
        <Button
          variant="default"
          leftSection={<IconShieldCheck size={18} aria-hidden />}
          onClick={() => verify.mutate()}
          loading={verify.isPending}
        >
          {t('audit.verify')}
        </Button>
      </Group>
      {verify.data && (
        <Alert color={verify.data.ok ? 'green' : 'red'} role="status" data-testid="audit-verdict">
          {verify.data.ok
            ? t('audit.intact', { count: verify.data.checked })
            : t('audit.broken', { seq: String(verify.data.firstBrokenSeq ?? '') })}
        </Alert>
      )}
      <FormError error={verify.error} />
      {events.isError ? (
        <ErrorState error={events.error} onRetry={() => events.refetch()} />
      ) : (
        <DataTable
          label={t('audit.title')}
          testId="audit-table"
          rows={rows}
          rowKey={(e) => e.id}
          empty={t('audit.empty')}
          minWidth={720}
          // What happened comes right after when: on a phone it is what shows before scrolling.
          columns={[
            { key: 'time', header: t('audit.colTime'), cell: (e) => format.dateTime(e.occurredAt) },
            {
              key: 'what',
              header: t('audit.colAction'),
              cell: (e) => (
                <Stack gap={2}>
                  <Text size="sm">{actionText(e.action, t)}</Text>
                  <Code w="fit-content" dir="ltr">
                    {e.action}
                  </Code>
                </Stack>
              ),
            },
            { key: 'who', header: t('audit.colWho'), cell: (e) => <bdi>{who(e, names, t)}</bdi> },
            { key: 'on', header: t('audit.colEntity'), cell: (e) => <Subject e={e} t={t} /> },
          ]}
          more={events}
        />
      )}
    </Page>
  );
}
