import { todayIn } from '@cliniclick/time';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { Actions } from './actions';
import { csrfHeader, demoIds } from './demo-api';
import {
  expectAccessible,
  PATIENT_PHONE,
  resetLanguage,
  setLanguage,
  settled,
  snap,
  stateFile,
} from './support';

// The live queue end to end, four browsers at once and no reload anywhere: the secretary's
// board, the doctor's queue on a phone, the waiting room's TV and the patient's phone. A check-in
// on the board reaches the doctor and the TV; the doctor calls next and the TV announces it; the
// patient (checked in from their own panel) sees their place in the line change.
const ZONE = 'America/New_York';
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1366, height: 900 };
const TV = { width: 1920, height: 1080 };
const WALK_IN_NAME = 'Queue Walker';
const KNOWN = { fullName: 'Rana Khoury', phone: '+15555557301' };

interface Me {
  user: { id: string; name: string };
}

/** Free times today with the demo doctor, booked for `people` (extra hours are added for the run when it is after hours). */
async function bookToday(desk: Page, doctorId: string, people: Array<{ fullName: string; phone: string }>) {
  const { clinicId, serviceId } = await demoIds(desk);
  const today = todayIn(ZONE);
  const freeTimes = async () => {
    const res = await desk.request.get(
      `/api/v1/clinics/${clinicId}/services/${serviceId}/slots?doctorId=${doctorId}&from=${today}&to=${today}`,
    );
    // Times that do not overlap one another (slots start every grid step, each a visit long).
    const all = ((await res.json()) as { slots: Array<{ start: string; end: string }> }).slots;
    const kept: typeof all = [];
    for (const slot of all) if (kept.length === 0 || slot.start >= kept.at(-1)!.end) kept.push(slot);
    return kept;
  };
  let slots = await freeTimes();
  let extra: string | undefined;
  if (slots.length < people.length) {
    // Run outside the demo doctor's hours: the whole day becomes extra hours while booking.
    const res = await desk.request.post(`/api/v1/clinics/${clinicId}/schedule-exceptions`, {
      headers: await csrfHeader(desk),
      data: {
        kind: 'extra',
        doctorId,
        fromDate: today,
        toDate: today,
        start: '00:00',
        end: '24:00',
        mode: 'in_person',
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    extra = ((await res.json()) as { exception: { id: string } }).exception.id;
    slots = await freeTimes();
  }
  test.skip(slots.length < people.length, 'too late in the day to book anyone today');
  for (const [i, patient] of people.entries()) {
    const booked = await desk.request.post(`/api/v1/clinics/${clinicId}/appointments`, {
      headers: await csrfHeader(desk),
      data: { serviceId, doctorId, startsAt: slots[i]!.start, patient },
    });
    expect(booked.status(), await booked.text()).toBe(201);
  }
  // The other specs see the demo's own hours again (the visits booked stay).
  if (extra)
    await desk.request.delete(`/api/v1/clinics/${clinicId}/schedule-exceptions/${extra}`, {
      headers: await csrfHeader(desk),
    });
  return clinicId;
}

/** Opens a signed-in person's page in a new browser context of the given size. */
async function open(browser: Browser, who: 'secretary' | 'doctor' | 'patient' | null, size: typeof PHONE) {
  const ctx = await browser.newContext({ ...(who ? { storageState: stateFile(who) } : {}), viewport: size });
  const page = await ctx.newPage();
  if (who && who !== 'patient') await resetLanguage(page);
  return page;
}

/** The doctor's room and "called" slot emptied (left by an earlier run or the demo), so Call next is free. */
async function freeTheDoctor(doc: Page) {
  for (let i = 0; i < 6; i++) {
    const finish = doc.getByTestId('in-room').getByRole('button', { name: 'Finish' });
    const start = doc.getByTestId('called').getByRole('button', { name: 'Start the consultation' });
    if (await finish.isVisible()) await finish.click();
    else if (await start.isVisible()) await start.click();
    else return;
    await expect(doc.getByTestId('notice')).toBeVisible();
  }
}

test('a check-in on the board reaches the doctor and the TV live; Call next is announced; the patient sees the line move', async ({
  browser,
}, testInfo) => {
  const board = await open(browser, 'secretary', DESK);
  const doc = await open(browser, 'doctor', PHONE);
  const doctor = ((await (await doc.request.get('/api/v1/me')).json()) as Me).user;
  const clinicId = await bookToday(board, doctor.id, [
    KNOWN,
    { fullName: 'Pat Patient', phone: PATIENT_PHONE },
  ]);

  // The waiting room's screen, added by the desk (its address is shown once).
  const created = await board.request.post(`/api/v1/clinics/${clinicId}/queue/displays`, {
    headers: await csrfHeader(board),
    data: { name: 'Waiting room TV', chime: true },
  });
  expect(created.status(), await created.text()).toBe(201);
  const screen = (await created.json()) as { id: string; url: string };
  const tv = await open(browser, null, TV);
  const phone = await open(browser, 'patient', PHONE);
  // The four screens load at once (each page's first load is the slow part on a shared machine).
  await Promise.all([
    tv.goto(screen.url),
    doc.goto('/app/clinics/demo/doctor/queue'),
    board.goto('/app/clinics/demo/secretary/queue'),
    phone.goto('/app/clinics/demo/patient'),
  ]);
  await Promise.all([
    expect(tv.getByTestId('display')).toBeVisible({ timeout: 30_000 }),
    expect(doc.getByTestId('call-next')).toBeVisible({ timeout: 30_000 }),
    expect(board.getByTestId('check-in-search')).toBeVisible({ timeout: 30_000 }),
  ]);

  // A known patient checked in at the desk: the name, then Enter.
  const actions = new Actions(board);
  await actions.fill(board.getByTestId('check-in-search'), KNOWN.fullName, 'the patient’s name');
  await expect(board.getByTestId('check-in-box').getByTestId('not-arrived')).toHaveCount(1);
  await actions.press('Enter');
  const notice = board.getByTestId('notice');
  await expect(notice).toContainText(`${KNOWN.fullName}`);
  await expect(notice).toContainText(doctor.name);
  actions.expectAtMost(3, 'checking in a known patient');
  const ticket = Number(/Ticket (\d+)/.exec((await notice.textContent()) ?? '')?.[1]);
  expect(ticket).toBeGreaterThan(0);
  await expect(board.getByTestId('check-in-search')).toHaveValue('');

  // Without a reload: on the doctor's phone, and on the TV by initials only.
  await expect(doc.locator(`[data-testid="queue-entry"][data-ticket="${ticket}"]`)).toContainText(
    KNOWN.fullName,
  );
  const tvLine = tv
    .getByTestId('display-waiting')
    .locator('li')
    .filter({ has: tv.getByText(String(ticket), { exact: true }) });
  await expect(tvLine).toContainText('R. K.');
  await expect(tv.getByTestId('display')).not.toContainText(KNOWN.fullName);

  // The patient checks in from their own panel ("I'm here") and follows the live ticket.
  const visit = phone.getByTestId('can-check-in').filter({ hasText: doctor.name }).first();
  await expect(visit).toBeVisible({ timeout: 30_000 });
  await expect(visit.getByTestId('check-in-qr')).toBeVisible();
  await snap(phone, testInfo, 'queue-patient-card-phone-en');
  await visit.getByRole('button', { name: 'I’m here' }).click();
  await expect(phone).toHaveURL(/\/app\/ticket\//);
  const state = phone.getByTestId('ticket-state');
  await expect(state).toHaveText(/ahead of you|You’re next/);
  const before = await state.textContent();
  await snap(phone, testInfo, 'queue-ticket-phone-en');

  // The doctor calls the next patient: the TV announces that ticket.
  await freeTheDoctor(doc);
  await doc.getByTestId('call-next').click();
  const called = doc.getByTestId('called');
  await expect(called).toBeVisible();
  const calledTicket = await called.getByTestId('queue-entry').getAttribute('data-ticket');
  await expect(tv.getByTestId('announce')).toContainText(`Ticket ${calledTicket}`);
  await expect(tv.getByTestId('display-called')).toContainText(String(calledTicket));
  await snap(tv, testInfo, 'queue-tv-en');
  await expectAccessible(tv, 'the waiting-room display');
  await snap(doc, testInfo, 'queue-doctor-phone-en');

  // …and starts: the line moves up, and the patient's phone says so.
  await called.getByRole('button', { name: 'Start the consultation' }).click();
  await expect(state).not.toHaveText(before ?? '');
  await phone.getByTestId('lang-switch').getByText('العربية').click();
  await expect(phone.locator('html')).toHaveAttribute('dir', 'rtl');
  await snap(phone, testInfo, 'queue-ticket-phone-ar');
  await expectAccessible(phone, 'the patient’s ticket');
  await expectAccessible(board, 'the desk’s board');
  await snap(board, testInfo, 'queue-board-desk-en');

  // The desk switches the TV off: it says so without a reload.
  const revoked = await board.request.post(`/api/v1/clinics/${clinicId}/queue/displays/${screen.id}/revoke`, {
    headers: await csrfHeader(board),
    data: {},
  });
  expect(revoked.status(), await revoked.text()).toBe(200);
  await expect(tv.getByTestId('display-off')).toBeVisible();

  for (const p of [board, doc, tv, phone]) await p.context().close();
});

test('the board on a phone and in Arabic; a walk-in joins', async ({ browser }, testInfo) => {
  const board = await open(browser, 'secretary', PHONE);
  await board.goto('/app/clinics/demo/secretary/queue');
  await expect(board.getByTestId('check-in-search')).toBeVisible({ timeout: 30_000 });
  await board.getByTestId('walk-in').click();
  const form = board.getByTestId('walk-in-form');
  await form.getByLabel(/^Full name/).fill(WALK_IN_NAME);
  await form.getByLabel(/^Mobile number/).fill('+15555557302');
  await form.getByTestId('walk-in-submit').click();
  const notice = board.getByTestId('notice');
  await expect(notice).toContainText(WALK_IN_NAME);
  const joined = (await notice.textContent()) ?? '';
  const ticket = /Ticket (\d+)/.exec(joined)?.[1];
  const place = Number(/number (\d+) in line/.exec(joined)?.[1]);

  const card = board.locator(`[data-testid="queue-entry"][data-ticket="${ticket}"]`);
  // Moved up one place (the walk-in came last), with a one-tap reason.
  await card.getByTestId('entry-menu').click();
  await board.getByRole('menuitem', { name: 'Move up' }).click();
  await board.getByText('Patient asked').click();
  await board.getByTestId('reason-confirm').click();
  await expect(notice).toContainText(
    place > 2 ? `number ${place - 1} in line` : /Queue Walker\W?, is next for/,
  );

  // Marked urgent with a one-tap reason: it says so, and the card shows it.
  await card.getByTestId('entry-menu').click();
  await board.getByRole('menuitem', { name: 'Mark urgent…' }).click();
  await board.getByText('Severe pain').click();
  await board.getByTestId('reason-confirm').click();
  await expect(notice).toContainText(/Ticket \d+, \W?Queue Walker\W?, is urgent for/);
  await expect(card).toContainText('Urgent');
  await settled(board);
  await snap(board, testInfo, 'queue-board-phone-en');
  await expectAccessible(board, 'the board on a phone');
  await setLanguage(board, 'ar');
  await board.reload();
  await expect(board.getByTestId('check-in-search')).toBeVisible({ timeout: 30_000 });
  await settled(board);
  await snap(board, testInfo, 'queue-board-phone-ar');
  await board.setViewportSize(DESK);
  await snap(board, testInfo, 'queue-board-desk-ar');
  await resetLanguage(board);
  await board.context().close();
});
