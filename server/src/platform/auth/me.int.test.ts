import { expect, it } from 'vitest';
import { call } from '../../test/api.ts';
import { createTestClinic, describeEachDb, login } from '../../test/harness.ts';

describeEachDb('auth: the signed-in user (/me)', (t) => {
  it('lists each membership with what the web app needs to format for the clinic', async () => {
    const c = await createTestClinic(t(), { timeZone: 'Asia/Kolkata' });
    const s = await login(t(), c.owner);
    const res = await call(t(), s, 'GET', '/me');
    expect(res.statusCode).toBe(200);
    expect(res.json().memberships).toEqual([
      expect.objectContaining({
        clinicId: c.id,
        role: 'owner',
        clinicTimeZone: 'Asia/Kolkata',
        clinicCurrency: expect.stringMatching(/^[A-Z]{3}$/),
      }),
    ]);
  });

  it('keeps the chosen language on the account, so every device opens in it', async () => {
    const c = await createTestClinic(t());
    const s = await login(t(), c.doctor);
    const set = await call(t(), s, 'PATCH', '/me', { locale: 'ar' });
    expect(set.statusCode).toBe(200);
    expect(set.json().user.locale).toBe('ar');
    const again = await login(t(), c.doctor); // another device: a new session
    expect((await call(t(), again, 'GET', '/me')).json().user.locale).toBe('ar');
    const cleared = await call(t(), s, 'PATCH', '/me', { locale: null });
    expect(cleared.json().user.locale).toBeNull();
    // Changing one's own language touches no one else.
    expect((await call(t(), await login(t(), c.owner), 'GET', '/me')).json().user.locale).toBeNull();
  });

  it('refuses a language the app does not speak, unknown fields and anonymous callers', async () => {
    const c = await createTestClinic(t());
    const s = await login(t(), c.secretary);
    for (const body of [{ locale: 'xx' }, { locale: 5 }, { locale: 'en', platformRole: 'admin' }]) {
      const res = await call(t(), s, 'PATCH', '/me', body);
      expect([res.statusCode, res.json().code]).toEqual([400, 'validation_failed']);
    }
    expect((await call(t(), s, 'GET', '/me')).json().user.platformRole).toBeNull();
    const anon = await call(t(), null, 'PATCH', '/me', { locale: 'en' });
    expect([anon.statusCode, anon.json().code]).toEqual([401, 'unauthenticated']);
  });

  it('needs the CSRF token when the cookie is what signs the request', async () => {
    const c = await createTestClinic(t());
    const s = await login(t(), c.owner);
    const patch = (headers: Record<string, string>) =>
      t().app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: { locale: 'ar' } });
    const without = await patch({ cookie: s.cookie });
    expect([without.statusCode, without.json().code]).toEqual([403, 'csrf_failed']);
    expect((await patch({ cookie: s.cookie, 'x-csrf-token': s.csrfToken })).statusCode).toBe(200);
  });
});
