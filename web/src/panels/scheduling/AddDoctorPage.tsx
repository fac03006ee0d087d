import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Paper,
  Stack,
  Stepper,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useT } from '../../i18n';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { check, useI18nForm } from '../../ui/form';
import { Page } from '../../ui/Page';
import { panelPath, useClinic, usePlace } from '../../ui/place';
import { type Service, useServices } from './api';
import { toMinor } from './money';
import { OfferInputs } from './OfferInputs';
import { type DraftRule, rulesInvalid, stripKeys, WeeklyRulesEditor, withKeys } from './WeeklyRulesEditor';

type DoctorSetup = components['schemas']['DoctorSetupInput'];
type Offer = { minutes: number | string; price: number | string };

/** What most clinics start a doctor on, shown and editable: Monday to Friday, 09:00–17:00, in person. */
const WEEKDAYS_9_TO_5 = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  start: '09:00',
  end: '17:00',
  mode: 'in_person' as const,
  roomId: null,
}));

const STEPS = ['invite', 'profile', 'services', 'hours'] as const;

/**
 * Adding a doctor, in one guided flow: who (the invitation), their profile, the services they
 * offer (with their own price or length), their weekly hours. Nothing is saved until the last
 * step sends the invitation with everything in it: the doctor's records can only exist once they
 * accept, and the server applies the set-up then (staff module, `doctorSetup`).
 */
export function AddDoctorPage() {
  const t = useT();
  const clinic = useClinic();
  const phone = useMediaQuery('(max-width: 48em)');
  const queryClient = useQueryClient();
  const services = useServices();
  const [active, setActive] = useState(0);
  const [offers, setOffers] = useState<Record<string, Offer>>({});
  const [rules, setRules] = useState<DraftRule[]>(() => withKeys(WEEKDAYS_9_TO_5));
  const who = useI18nForm({
    initialValues: { name: '', email: '' },
    required: ['name', 'email'],
    rules: { email: check.email },
  });
  const profile = useI18nForm({
    initialValues: { specialty: '', bio: '', languages: [] as string[] },
  });
  const currency = clinic.clinicCurrency;

  const send = useMutation({
    mutationFn: (doctorSetup: DoctorSetup) =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/staff', {
          params: { path: { clinicId: clinic.clinicId } },
          body: { name: who.values.name, email: who.values.email, role: 'doctor', doctorSetup },
        }),
      ),
    onSuccess: () => {
      setActive(STEPS.length);
      void queryClient.invalidateQueries({ queryKey: ['clinic', clinic.clinicId, 'staff'] });
    },
  });

  const setup = (): DoctorSetup => {
    const { specialty, bio, languages } = profile.values;
    return {
      profile: {
        ...(specialty.trim() ? { specialty: specialty.trim() } : {}),
        ...(bio.trim() ? { bio: bio.trim() } : {}),
        ...(languages.length ? { languages } : {}),
      },
      services: Object.entries(offers).map(([serviceId, o]) => ({
        serviceId,
        durationMin: o.minutes === '' ? null : Number(o.minutes),
        priceMinor: o.price === '' ? null : toMinor(Number(o.price), currency),
      })),
      rules: stripKeys(rules),
    };
  };

  const restart = () => {
    who.reset();
    profile.reset();
    setOffers({});
    setRules(withKeys(WEEKDAYS_9_TO_5));
    send.reset();
    setActive(0);
  };

  // On a phone the four steps fit in a row when only the current one is named.
  // The others keep their name for screen readers, with the number they show.
  const step = (i: number) => {
    const name = t(`addDoctor.step.${STEPS[i]!}`);
    return phone && i !== active
      ? { 'aria-label': t('addDoctor.stepNumbered', { n: String(i + 1), step: name }) }
      : { label: name };
  };
  const next = () => setActive((a) => a + 1);
  const back = () => setActive((a) => a - 1);
  const offered = (services.data ?? []).filter((s) => s.active);

  return (
    <Page title={t('addDoctor.title')} subtitle={t('addDoctor.subtitle')}>
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Stepper
          active={active}
          onStepClick={setActive}
          allowNextStepsSelect={false}
          size="sm"
          iconSize={phone ? 28 : undefined}
        >
          <Stepper.Step {...step(0)} description={phone ? undefined : who.values.email}>
            <form onSubmit={who.submit(next)} noValidate data-testid="step-invite">
              <Stack mt="md">
                <TextInput label={t('staff.name')} required {...who.field('name')} data-autofocus />
                <TextInput label={t('staff.email')} type="email" dir="ltr" required {...who.field('email')} />
                <Text size="sm" c="dimmed">
                  {t('addDoctor.inviteHint')}
                </Text>
                <Group justify="flex-end">
                  <Button type="submit" disabled={!who.ready}>
                    {t('addDoctor.next')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Stepper.Step>

          <Stepper.Step {...step(1)}>
            <form onSubmit={profile.submit(next)} noValidate data-testid="step-profile">
              <Stack mt="md">
                <TextInput label={t('setup.specialty')} {...profile.field('specialty')} data-autofocus />
                <TagsInput
                  label={t('setup.languages')}
                  description={t('setup.languagesHint')}
                  {...profile.field('languages')}
                />
                <Textarea label={t('setup.bio')} autosize minRows={2} {...profile.field('bio')} />
                <Text size="sm" c="dimmed">
                  {t('addDoctor.optional')}
                </Text>
                <StepNav onBack={back} />
              </Stack>
            </form>
          </Stepper.Step>

          <Stepper.Step {...step(2)}>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                next();
              }}
              noValidate
              data-testid="step-services"
            >
              <Stack mt="md">
                {services.isError && <ErrorState error={services.error} onRetry={() => services.refetch()} />}
                {services.data && offered.length === 0 && <Text c="dimmed">{t('addDoctor.noServices')}</Text>}
                {offered.map((s) => (
                  <OfferChoice
                    key={s.id}
                    service={s}
                    offer={offers[s.id]}
                    onChange={(o) =>
                      setOffers(({ [s.id]: _old, ...rest }) => (o ? { ...rest, [s.id]: o } : rest))
                    }
                  />
                ))}
                <StepNav onBack={back} />
              </Stack>
            </form>
          </Stepper.Step>

          <Stepper.Step {...step(3)}>
            <Stack mt="md" data-testid="step-hours">
              <Text size="sm" c="dimmed">
                {t('addDoctor.hoursHint', { zone: clinic.clinicTimeZone })}
              </Text>
              <WeeklyRulesEditor rules={rules} onChange={setRules} />
              <Summary
                name={who.values.name}
                email={who.values.email}
                services={Object.keys(offers).length}
                days={new Set(rules.map((r) => r.weekday)).size}
              />
              <FormError error={send.error} />
              <StepNav onBack={back}>
                <Button
                  disabled={rulesInvalid(rules)}
                  loading={send.isPending}
                  onClick={() => send.mutate(setup())}
                  data-testid="send-invitation"
                >
                  {t('addDoctor.send')}
                </Button>
              </StepNav>
            </Stack>
          </Stepper.Step>

          <Stepper.Completed>
            <Stack mt="md">
              <Alert color="teal" variant="outline" role="status" data-testid="doctor-invited">
                <Text size="sm" c="gray.9">
                  {t('addDoctor.sent', { name: who.values.name, email: who.values.email })}
                </Text>
              </Alert>
              <Group>
                <Button onClick={restart}>{t('addDoctor.another')}</Button>
                <Anchor component={Link} to={`${panelPath(clinic)}/staff`}>
                  {t('addDoctor.toTeam')}
                </Anchor>
              </Group>
            </Stack>
          </Stepper.Completed>
        </Stepper>
      </Paper>
    </Page>
  );
}

/** One service: offered by this doctor or not, and if so optionally at their own length or price. */
function OfferChoice({
  service,
  offer,
  onChange,
}: {
  service: Service;
  offer: Offer | undefined;
  onChange: (offer: Offer | null) => void;
}) {
  const t = useT();
  const { format } = usePlace();
  return (
    <Stack gap={6}>
      <Checkbox
        label={service.name}
        description={t('offer.summary', {
          count: service.durationMin,
          price: format.money(service.priceMinor),
        })}
        checked={offer !== undefined}
        onChange={(e) => onChange(e.currentTarget.checked ? { minutes: '', price: '' } : null)}
      />
      {offer && (
        <OfferInputs
          service={service}
          minutes={{ value: offer.minutes, onChange: (minutes) => onChange({ ...offer, minutes }) }}
          price={{ value: offer.price, onChange: (price) => onChange({ ...offer, price }) }}
          ps="xl"
          maw={420}
        />
      )}
    </Stack>
  );
}

function Summary(p: { name: string; email: string; services: number; days: number }) {
  const t = useT();
  return (
    <Paper bg="gray.0" p="sm" data-testid="doctor-summary">
      <Text size="sm" fw={600}>
        {p.name}
      </Text>
      <Text size="sm">
        <bdi>{p.email}</bdi>
      </Text>
      <Text size="sm">{t('addDoctor.summaryServices', { count: p.services })}</Text>
      <Text size="sm">{t('addDoctor.summaryDays', { count: p.days })}</Text>
      <Text size="sm" c="dimmed">
        {t('addDoctor.summaryWhen')}
      </Text>
    </Paper>
  );
}

/** Back, and Next (a submit button, so Enter goes on) or the step's own last button. */
function StepNav({ onBack, children }: { onBack: () => void; children?: ReactNode }) {
  const t = useT();
  return (
    <Group justify="space-between">
      <Button variant="default" onClick={onBack}>
        {t('addDoctor.back')}
      </Button>
      {children ?? <Button type="submit">{t('addDoctor.next')}</Button>}
    </Group>
  );
}
