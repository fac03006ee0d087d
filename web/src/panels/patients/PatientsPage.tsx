import { Button, Group, Loader, Modal, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { DataTable } from '../../ui/DataTable';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { Notice, useNotice } from '../../ui/notify';
import { Page } from '../../ui/Page';
import { useClinic, usePlace } from '../../ui/place';
import { emptyPatient, fieldsOf, type Patient, type PatientFields, PatientForm } from './PatientForm';

const orNull = (s: string) => (s.trim() ? s.trim() : null);

/** "Register" after a search that found no one starts from what was typed: a name or a number. */
function fromSearch(q: string): PatientFields {
  const typed = q.trim();
  return /^[+\d][\d\s()-]*$/.test(typed)
    ? { ...emptyPatient, phone: typed }
    : { ...emptyPatient, fullName: typed };
}

/** Front desk's patient list: search as you type, register, open and correct a record. */
export function PatientsPage() {
  const t = useT();
  const clinic = useClinic();
  const { format } = usePlace();
  const queryClient = useQueryClient();
  const notice = useNotice();
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q.trim(), 250);
  const [editing, setEditing] = useState<Patient | 'new' | null>(null);
  const path = { clinicId: clinic.clinicId };
  const key = ['clinic', clinic.clinicId, 'patients'];

  const list = useInfiniteQuery({
    queryKey: [...key, search],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/patients', {
          params: { path, query: { q: search || undefined, limit: 25, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const save = useMutation({
    mutationFn: async (f: PatientFields) => {
      if (editing === 'new')
        return unwrap(
          api.POST('/api/v1/clinics/{clinicId}/patients', {
            params: { path },
            body: {
              fullName: f.fullName,
              phone: f.phone,
              email: orNull(f.email) ?? undefined,
              birthDate: orNull(f.birthDate) ?? undefined,
              sex: f.sex ?? undefined,
              notes: orNull(f.notes) ?? undefined,
            },
          }),
        );
      return unwrap(
        api.PATCH('/api/v1/clinics/{clinicId}/patients/{patientId}', {
          params: { path: { ...path, patientId: (editing as Patient).id } },
          body: {
            fullName: f.fullName,
            email: orNull(f.email),
            birthDate: orNull(f.birthDate),
            sex: f.sex,
            notes: orNull(f.notes),
          },
        }),
      );
    },
    onSuccess: (p) => {
      notice.show(editing === 'new' ? t('patients.registered', { name: p.fullName }) : t('common.saved'));
      setEditing(null);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });

  // Opening a record reads it from the server (GET …/patients/{id}), which audits the reading as
  // `patient.read`, like any client's; the search row only says whom to open. Read afresh on
  // every opening (no cache), so each opening is one audited read.
  const openedId = editing && editing !== 'new' ? editing.id : null;
  const record = useQuery({
    queryKey: [...key, 'record', openedId],
    enabled: openedId !== null,
    gcTime: 0,
    staleTime: 0,
    refetchOnWindowFocus: false,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/patients/{patientId}', {
          params: { path: { ...path, patientId: openedId as string } },
        }),
      ),
  });

  const rows = list.data?.pages.flatMap((p) => p.items);
  const open = (p: Patient | 'new') => {
    save.reset();
    setEditing(p);
  };

  return (
    <Page title={t('patients.title')} subtitle={t('patients.subtitle')}>
      <Notice notice={notice} />
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <TextInput
          label={t('patients.search')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          type="search"
          miw={260}
          style={{ flex: 1, maxWidth: 420 }}
        />
        <Button leftSection={<IconUserPlus size={18} aria-hidden />} onClick={() => open('new')}>
          {t('patients.register')}
        </Button>
      </Group>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <DataTable
          label={t('patients.title')}
          testId="patients-table"
          rows={rows}
          rowKey={(p) => p.id}
          empty={search ? t('patients.noMatch', { q: search }) : t('patients.empty')}
          columns={[
            {
              key: 'name',
              header: t('patients.colName'),
              cell: (p) => (
                <Button variant="subtle" px={4} onClick={() => open(p)}>
                  {p.fullName}
                </Button>
              ),
            },
            {
              key: 'phone',
              header: t('patients.colPhone'),
              cell: (p) => p.phone ?? t('common.none'),
              ltr: true,
            },
            {
              key: 'email',
              header: t('patients.colEmail'),
              cell: (p) => p.email ?? t('common.none'),
              ltr: true,
            },
            {
              key: 'birth',
              header: t('patients.colBirth'),
              cell: (p) => (p.birthDate ? format.day(p.birthDate) : t('common.none')),
            },
          ]}
          more={list}
        />
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('patients.register') : t('patients.details')}
        size="lg"
      >
        {editing !== null && editing !== 'new' && record.isPending && (
          <Loader size="sm" role="status" aria-label={t('common.loading')} />
        )}
        {editing !== null && editing !== 'new' && record.isError && <FormError error={record.error} />}
        {editing !== null && (editing === 'new' || record.data) && (
          <>
            {editing !== 'new' && record.data && (
              <Text size="sm" c="dimmed" mb="sm">
                {t('patients.since', { date: format.since(record.data.createdAt) })}
              </Text>
            )}
            <PatientForm
              key={editing === 'new' ? 'new' : record.data?.id}
              initial={editing === 'new' || !record.data ? fromSearch(q) : fieldsOf(record.data)}
              editing={editing !== 'new'}
              pending={save.isPending}
              error={save.error}
              onSubmit={(f) => save.mutate(f)}
              onCancel={() => setEditing(null)}
            />
          </>
        )}
      </Modal>
    </Page>
  );
}
