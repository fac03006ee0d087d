import { Badge, Button, Group, Modal, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconStethoscope, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../api/me';
import type { components } from '../../api/schema';
import { useT } from '../../i18n';
import { DataTable } from '../../ui/DataTable';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { check, useI18nForm } from '../../ui/form';
import { Notice, useNotice } from '../../ui/notify';
import { Page } from '../../ui/Page';
import { panelPath, useClinic, usePlace } from '../../ui/place';
import { SignInPolicyCard } from './SignInPolicyCard';

type Member = components['schemas']['StaffMember'];
type StaffRole = 'doctor' | 'secretary';

function AddStaffForm({ onDone }: { onDone: (message: string) => void }) {
  const t = useT();
  const clinic = useClinic();
  const f = useI18nForm({
    initialValues: { name: '', email: '', role: 'doctor' as StaffRole },
    required: ['name', 'email'],
    rules: { email: check.email },
  });
  // Always an invitation: the person joins when they accept it, whoever they are.
  const add = useMutation({
    mutationFn: ({ name, email, role }: typeof f.values) =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/staff', {
          params: { path: { clinicId: clinic.clinicId } },
          body: { name, email, role },
        }),
      ),
    onSuccess: (_r, { email }) => onDone(t('staff.invited', { email })),
  });
  return (
    <form onSubmit={f.submit((v) => add.mutate(v))} noValidate>
      <Stack>
        <TextInput label={t('staff.name')} required {...f.field('name')} data-autofocus />
        <TextInput label={t('staff.email')} type="email" dir="ltr" required {...f.field('email')} />
        <Select
          label={t('staff.role')}
          data={(['doctor', 'secretary'] as const).map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          {...f.field('role')}
          allowDeselect={false}
        />
        <Text size="sm" c="dimmed">
          {t('staff.inviteHint')}
        </Text>
        <FormError error={add.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={add.isPending} disabled={!f.ready}>
            {t('staff.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The owner's team screen: who works here (and who uses two-step sign-in), add someone, remove
 * someone, pending invitations, and whether staff must use two-step sign-in.
 */
export function StaffPage() {
  const t = useT();
  const clinic = useClinic();
  const { format } = usePlace();
  const me = useMe().data;
  const queryClient = useQueryClient();
  const notice = useNotice();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Member | null>(null);
  const path = { clinicId: clinic.clinicId };
  const key = ['clinic', clinic.clinicId, 'staff'];

  const staff = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/clinics/{clinicId}/staff', { params: { path } })),
  });
  const invitations = useQuery({
    queryKey: [...key, 'invitations'],
    queryFn: () => unwrap(api.GET('/api/v1/clinics/{clinicId}/staff/invitations', { params: { path } })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const remove = useMutation({
    mutationFn: (m: Member) =>
      unwrap(
        api.DELETE('/api/v1/clinics/{clinicId}/staff/{userId}', {
          params: { path: { ...path, userId: m.userId } },
        }),
      ),
    onSuccess: (_r, m) => {
      notice.show(t('staff.removed', { name: m.name }));
      setRemoving(null);
      void refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE('/api/v1/clinics/{clinicId}/staff/invitations/{invitationId}', {
          params: { path: { ...path, invitationId: id } },
        }),
      ),
    onSuccess: () => void refresh(),
  });

  return (
    <Page title={t('staff.title')} subtitle={t('staff.subtitle')}>
      <Notice notice={notice} />
      <Group justify="flex-end">
        <Button
          component={Link}
          to={`${panelPath(clinic)}/add-doctor`}
          leftSection={<IconStethoscope size={18} aria-hidden />}
        >
          {t('addDoctor.open')}
        </Button>
        <Button
          variant="default"
          leftSection={<IconUserPlus size={18} aria-hidden />}
          onClick={() => setAdding(true)}
        >
          {t('staff.add')}
        </Button>
      </Group>
      {staff.isError ? (
        <ErrorState error={staff.error} onRetry={() => staff.refetch()} />
      ) : (
        <DataTable
          label={t('staff.title')}
          testId="staff-table"
          rows={staff.data?.items}
          rowKey={(m) => m.userId}
          empty={t('common.none')}
          columns={[
            {
              key: 'name',
              header: t('staff.colName'),
              cell: (m) => (
                <Text fw={600} size="sm">
                  {m.name}
                  {m.userId === me?.user.id && ` (${t('staff.you')})`}
                </Text>
              ),
            },
            {
              key: 'email',
              header: t('staff.colEmail'),
              cell: (m) => m.email ?? t('common.none'),
              ltr: true,
            },
            {
              key: 'roles',
              header: t('staff.colRoles'),
              cell: (m) => (
                <Group gap={4}>
                  {m.roles.map((r) => (
                    <Badge key={r} variant="outline" color="dark">
                      {t(`roles.${r}`)}
                    </Badge>
                  ))}
                </Group>
              ),
            },
            { key: 'since', header: t('staff.colSince'), cell: (m) => format.since(m.since) },
            {
              key: 'twoStep',
              header: t('mfa.policy.col'),
              cell: (m) =>
                m.twoStep ? (
                  <Badge color="teal.9">{t('mfa.policy.memberOn')}</Badge>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('mfa.policy.memberOff')}
                  </Text>
                ),
            },
            {
              key: 'actions',
              header: t('admin.colActions'),
              cell: (m) =>
                m.userId === me?.user.id ? null : (
                  <Button variant="default" c="red.9" size="xs" onClick={() => setRemoving(m)}>
                    {t('staff.remove')}
                  </Button>
                ),
            },
          ]}
        />
      )}
      <SignInPolicyCard />
      <div>
        <Title order={2} size="h4" mb="xs">
          {t('staff.invitations')}
        </Title>
        <DataTable
          label={t('staff.invitations')}
          rows={invitations.data?.items}
          rowKey={(i) => i.id}
          empty={t('staff.invitationsEmpty')}
          columns={[
            { key: 'email', header: t('staff.colEmail'), cell: (i) => i.email, ltr: true },
            { key: 'role', header: t('staff.role'), cell: (i) => t(`roles.${i.role}`) },
            {
              key: 'setup',
              header: t('addDoctor.colSetup'),
              cell: (i) =>
                i.doctorSetup
                  ? [
                      t('addDoctor.pendingServices', { count: i.doctorSetup.services.length }),
                      t('addDoctor.pendingDays', {
                        count: new Set(i.doctorSetup.rules.map((r) => r.weekday)).size,
                      }),
                    ].join(' · ')
                  : t('common.none'),
            },
            { key: 'expires', header: t('staff.colExpires'), cell: (i) => format.dateTime(i.expiresAt) },
            {
              key: 'revoke',
              header: t('admin.colActions'),
              cell: (i) => (
                <Button variant="default" c="red.9" size="xs" onClick={() => revoke.mutate(i.id)}>
                  {t('staff.revoke')}
                </Button>
              ),
            },
          ]}
        />
      </div>
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('staff.add')}>
        <AddStaffForm
          onDone={(message) => {
            notice.show(message);
            setAdding(false);
            void refresh();
          }}
        />
      </Modal>
      <Modal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={removing ? t('staff.removeTitle', { name: removing.name }) : ''}
      >
        {removing && (
          <Stack>
            <Text>{t('staff.removeBody', { name: removing.name })}</Text>
            <FormError error={remove.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRemoving(null)}>
                {t('common.cancel')}
              </Button>
              <Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate(removing)}>
                {t('staff.remove')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Page>
  );
}
