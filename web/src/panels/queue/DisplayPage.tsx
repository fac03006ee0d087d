import { Button, Center, Loader } from '@mantine/core';
import { IconVolume } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError, api, unwrap } from '../../api/client';
import { useLiveTopic } from '../../api/live';
import { useI18n, useT } from '../../i18n';
import { formatter, isolate } from '../../i18n/format';
import { Words } from '../../i18n/rich';
import { useLiveDown } from '../../ui/LiveBadge';
import { playChime } from './chime';
import classes from './display.module.css';
import { useLangParam } from './public-lang';
import type { PublicDisplay } from './queue-api';
import { useNow } from './use-now';

/** How long a newly called ticket is announced in the banner. */
const ANNOUNCE_MS = 15_000;

type Called = PublicDisplay['called'][number];

/**
 * The waiting room's TV (public, at an unguessable address): tickets called and with a doctor,
 * those waiting by initials only, the desk's check-in code. A newly called ticket is announced
 * on screen (and read by screen readers), with a chime if the clinic chose one.
 */
export function DisplayPage() {
  const { token = '' } = useParams();
  useLangParam();
  const t = useT();
  const { locale } = useI18n();
  const qc = useQueryClient();
  const now = useNow(15_000);
  const offline = useLiveDown();
  const key = ['public-queue', 'display', token];
  const display = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/public/queue/displays/{token}', { params: { path: { token } } })),
    retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 3,
    // A fallback when the live connection is down, and how a switched-off screen learns it.
    refetchInterval: 30_000,
  });
  useLiveTopic(display.data?.clinicId, 'queue/display', () => qc.invalidateQueries({ queryKey: key }), {
    token,
  });
  const audio = useRef<AudioContext | null>(null);
  const [soundOn, setSoundOn] = useState(false);
  const announced = useAnnouncement(display.data?.called, () => {
    if (audio.current && display.data?.chime) playChime(audio.current);
  });

  useEffect(() => {
    document.title = `${t('queue.display.title')} · ${display.data?.clinicName ?? t('app.name')}`;
  }, [t, display.data?.clinicName]);

  const format = useMemo(
    () => formatter(locale, display.data?.timeZone ?? 'UTC', 'USD'),
    [locale, display.data?.timeZone],
  );

  if (display.error instanceof ApiError && display.error.status === 404)
    return (
      <main className={classes.off} data-testid="display-off">
        {t('queue.display.off')}
      </main>
    );
  const d = display.data;
  if (!d)
    return (
      <Center mih="100vh" role="status" aria-label={t('common.loading')}>
        <Loader aria-hidden />
      </Center>
    );
  const enableSound = () => {
    audio.current ??= new AudioContext();
    void audio.current.resume().then(() => setSoundOn(true));
  };
  return (
    <main className={classes.screen} data-testid="display">
      <header className={classes.header}>
        <h1 className={classes.clinic}>
          <bdi>{d.clinicName}</bdi>
        </h1>
        {d.chime && !soundOn && (
          <Button size="lg" variant="white" leftSection={<IconVolume aria-hidden />} onClick={enableSound}>
            {t('queue.display.enableSound')}
          </Button>
        )}
        <span className={classes.clock}>{format.time(new Date(now))}</span>
      </header>
      <div
        aria-live="assertive"
        role="status"
        className={announced ? classes.announce : classes.quiet}
        data-testid="announce"
      >
        {announced &&
          t('queue.display.announce', { ticket: announced.ticket, doctor: isolate(announced.doctorName) })}
      </div>
      <div className={classes.columns}>
        <section className={classes.panel} aria-labelledby="called-title">
          <h2 id="called-title" className={classes.panelTitle}>
            {t('queue.display.called')}
          </h2>
          <ul className={classes.list} data-testid="display-called">
            {d.called.map((c) => (
              <li
                key={`${c.ticket}@${c.calledAt}`}
                className={`${classes.calledItem} ${announced?.ticket === c.ticket ? classes.fresh : ''}`}
              >
                <span className={classes.bigNumber}>{c.ticket}</span>
                <span className={classes.doctor}>
                  <bdi>{c.doctorName}</bdi>
                </span>
              </li>
            ))}
          </ul>
          {d.called.length === 0 && <p className={classes.dim}>{t('queue.display.nobodyCalled')}</p>}
        </section>
        <section className={classes.panel} aria-labelledby="in-title">
          <h2 id="in-title" className={classes.panelTitle}>
            {t('queue.display.inConsultation')}
          </h2>
          <ul className={classes.list} data-testid="display-in">
            {d.inConsultation.map((c) => (
              <li key={c.ticket} className={classes.row}>
                <span className={classes.number}>{c.ticket}</span>
                <span className={classes.dim}>
                  <bdi>{c.doctorName}</bdi>
                </span>
              </li>
            ))}
          </ul>
        </section>
        <section className={classes.panel} aria-labelledby="waiting-title">
          <h2 id="waiting-title" className={classes.panelTitle}>
            {t('queue.display.waiting')}
          </h2>
          <ul className={classes.list} data-testid="display-waiting">
            {d.waiting.map((w) => (
              <li key={w.ticket} className={classes.row}>
                <span className={classes.number}>{w.ticket}</span>
                <span>
                  <bdi>{w.initials}</bdi>
                </span>
                <span className={classes.dim}>
                  <bdi>{w.doctorName}</bdi>
                </span>
              </li>
            ))}
          </ul>
          {d.waiting.length === 0 && <p className={classes.dim}>{t('queue.display.nobodyWaiting')}</p>}
        </section>
      </div>
      <footer className={classes.footer}>
        <span>
          <Words
            k="queue.display.checkIn"
            values={{
              url: <span dir="ltr">{d.checkInUrl}</span>,
              code: (
                <span dir="ltr" className={classes.code}>
                  {d.checkInCode}
                </span>
              ),
            }}
          />
        </span>
        {offline && <span className={classes.dim}>{t('live.offline')}</span>}
      </footer>
    </main>
  );
}

/**
 * The ticket to announce: one called since the screen opened (those already called when it
 * opened are shown, not announced), for ANNOUNCE_MS. `onNew` rings the chime.
 */
function useAnnouncement(called: Called[] | undefined, onNew: () => void): Called | null {
  const seen = useRef<Set<string> | null>(null);
  const [current, setCurrent] = useState<Called | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const ring = useRef(onNew);
  ring.current = onNew;
  useEffect(() => {
    if (!called) return;
    const keys = called.map((c) => `${c.ticket}@${c.calledAt}`);
    if (!seen.current) {
      seen.current = new Set(keys);
      return;
    }
    const fresh = called.filter((c) => !seen.current!.has(`${c.ticket}@${c.calledAt}`));
    for (const k of keys) seen.current.add(k);
    const newest = fresh.sort((a, b) => b.calledAt.localeCompare(a.calledAt))[0];
    if (!newest) return;
    setCurrent(newest);
    ring.current();
    // Its own timer, not the effect's cleanup: a refetch a second later must not end the banner.
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setCurrent(null), ANNOUNCE_MS);
  }, [called]);
  useEffect(() => () => clearTimeout(timer.current), []);
  return current;
}
