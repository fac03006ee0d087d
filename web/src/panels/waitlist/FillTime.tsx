import { instantAt, minutesOf, todayIn } from '@cliniclick/time';
import { Button, Card, Group, NumberInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { useClinic } from '../../ui/place';

/** Staff fill a free time by hand: who on the waitlist fits it, and one tap to book them. */
export function FillTime({
  doctors,
  onBooked,
}: {
  doctors: { id: string; name: string }[];
  onBooked: () => void;
}) {
  const t = useT();
  const clinic = useClinic();
  const zone = clinic.clinicTimeZone;
  const [doctorId, setDoctorId] = useState<string | null>(null);
  const [day, setDay] = useState(todayIn(zone));
  const [time, setTime] = useState('09:00');
  const [minutes, setMinutes] = useState<number>(30);
  const [asked, setAsked] = useState<{ doctorId: string; startsAt: string; endsAt: string } | null>(null);
  const matches = useQuery({
    queryKey: ['clinic', clinic.clinicId, 'waitlist', 'matches', asked],
    enabled: asked !== null,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/waitlist/matches', {
          params: {
            path: { clinicId: clinic.clinicId },
            query: asked ?? { doctorId: '', startsAt: '', endsAt: '' },
          },
        }),
      ),
    select: (d) => d.items,
  });
  const book = useMutation({
    mutationFn: (wishId: string) =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/waitlist/{wishId}/book', {
          params: { path: { clinicId: clinic.clinicId, wishId } },
          body: { doctorId: asked?.doctorId ?? '', startsAt: asked?.startsAt ?? '' },
        }),
      ),
    onSuccess: () => {
      setAsked(null);
      onBooked();
    },
  });
  const find = (e: React.FormEvent) => {
    e.preventDefault();
    if (!doctorId) return;
    const start = instantAt(day, minutesOf(time), zone);
    setAsked({
      doctorId,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + minutes * 60_000).toISOString(),
    });
  };
  return (
    <Card withBorder component="form" onSubmit={find} data-testid="fill-time">
      <Stack>
        <Title order={2} size="h4">
          {t('waitlist.fill')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('waitlist.fillHint')}
        </Text>
        <Group grow wrap="wrap" align="flex-end">
          <Select
            label={t('waitlist.doctor')}
            data={doctors.map((d) => ({ value: d.id, label: d.name }))}
            value={doctorId}
            onChange={setDoctorId}
            required
            miw={180}
          />
          <TextInput
            type="date"
            label={t('waitlist.date')}
            value={day}
            onChange={(e) => setDay(e.currentTarget.value)}
            miw={150}
          />
          <TextInput
            type="time"
            label={t('waitlist.time')}
            value={time}
            onChange={(e) => setTime(e.currentTarget.value)}
            miw={120}
          />
          <NumberInput
            label={t('waitlist.minutes')}
            value={minutes}
            min={5}
            max={480}
            step={5}
            onChange={(x) => setMinutes(Number(x) || 30)}
            miw={120}
          />
        </Group>
        <Group>
          <Button type="submit" variant="light">
            {t('waitlist.find')}
          </Button>
        </Group>
        {matches.isError && <ErrorState error={matches.error} />}
        {asked && matches.data?.length === 0 && <Text size="sm">{t('waitlist.noMatches')}</Text>}
        {matches.data?.map((w) => (
          <Group key={w.id} justify="space-between" data-testid="match">
            <Text size="sm">
              <bdi>{w.patientName}</bdi>
            </Text>
            <Button
              size="xs"
              loading={book.isPending && book.variables === w.id}
              onClick={() => book.mutate(w.id)}
            >
              {t('waitlist.book')}
            </Button>
          </Group>
        ))}
        <FormError error={book.error} />
      </Stack>
    </Card>
  );
}
