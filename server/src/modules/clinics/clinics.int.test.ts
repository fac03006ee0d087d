import { expect, it } from 'vitest';
import { adminSession, clinicBody, inviteTokenFrom, lastEmailTo, uniqueEmail } from '../../test/api.ts';
import { createTestClinic, describeEachDb, login, randomIp, uniqueSlug } from '../../test/harness.ts';

describeEachDb('admin: clinics', (t) => {
  it('creates a clinic whose owner signs in and sees it in /me', async () => {
    const admin = await adminSession(t());
    const body = clinicBody();
    const res = await t().app.inject({
      method: 'POST',
      url: '/api/v1/admin/clinics',
      headers: admin.auth,
      payload: body,
    });
    expect(res.statusCode).toBe(201);
    const out = res.json();
    expect(out.clinic).toMatchObject({
      slug: body.slug,
      name: 'Harbour Dental',
      timeZone: 'Europe/Paris',
      currency: 'EUR',
      locale: 'fr',
      status: 'active',
    });
    expect(out.owner).toMatchObject({
      email: body.owner.email,
      newAccount: true,
      passwordSetupSent: false,
      status: 'active',
    });

    const owner = await login(t(), { email: body.owner.email, password: 'harbour-dental-keys-1' });
    const me = await t().app.inject({ method: 'GET', url: '/api/v1/me', headers: owner.auth });
    expect(me.json().memberships).toEqual([
      expect.objectContaining({ clinicId: out.clinic.id, clinicSlug: body.slug, role: 'owner' }),
    ]);
    // …and may work in it: the staff list shows them as the owner.
    const staff = await t().app.inject({
      method: 'GET',
      url: `/api/v1/clinics/${out.clinic.id}/staff`,
      headers: owner.auth,
    });
    expect(staff.json().items).toEqual([expect.objectContaining({ userId: owner.userId, roles: ['owner'] })]);
    // The clinic's audit chain starts with its creation.
    const audit = await t().app.inject({
      method: 'GET',
      url: `/api/v1/clinics/${out.clinic.id}/audit?action=clinic.created`,
      headers: owner.auth,
    });
    expect(audit.json().items).toEqual([
      expect.objectContaining({ action: 'clinic.created', actorKind: 'admin', entityId: out.clinic.id }),
    ]);
  });

  it('answers 409 slug_taken for a slug already in use, and creates nothing', async () => {
    const admin = await adminSession(t());
    const first = clinicBody();
    const a = await t().app.inject({
      method: 'POST',
      url: '/api/v1/admin/clinics',
      headers: admin.auth,
      payload: first,
    });
    expect(a.statusCode).toBe(201);
    const second = clinicBody({ slug: first.slug });
    const b = await t().app.inject({
      method: 'POST',
      url: '/api/v1/admin/clinics',
      headers: admin.auth,
      payload: second,
    });
    expect(b.statusCode).toBe(409);
    expect(b.json().code).toBe('slug_taken');
    // The would-be owner of the refused clinic got no account.
    const login = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: second.owner.email, password: 'harbour-dental-keys-1' },
      remoteAddress: randomIp(),
    });
    expect(login.statusCode).toBe(401);
  });

  it('gives the same slug to only one of two admins racing for it', async () => {
    const admin = await adminSession(t());
    const slug = uniqueSlug('race');
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        t().app.inject({
          method: 'POST',
          url: '/api/v1/admin/clinics',
          headers: admin.auth,
          payload: clinicBody({ slug }),
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe('slug_taken');
  });

  it.each([
    ['timeZone', { timeZone: 'Mars/Olympus_Mons' }],
    ['timeZone', { timeZone: '+03:30' }],
    ['currency', { currency: 'EURO' }],
    ['currency', { currency: 'QQQ' }],
    ['currency', { currency: 'usd' }],
    ['locale', { locale: 'not a locale' }],
    ['slug', { slug: 'Bad Slug!' }],
    ['slug', { slug: 'admin' }],
    ['owner.email', { owner: { email: 'nobody', name: 'X' } }],
    ['owner.password', { owner: { email: 'a@b.test', name: 'X', password: 'short' } }],
  ])('refuses a bad %s with 400 naming the field', async (field, override) => {
    const admin = await adminSession(t());
    const res = await t().app.inject({
      method: 'POST',
      url: '/api/v1/admin/clinics',
      headers: admin.auth,
      payload: clinicBody(override),
    });
    expect(res.statusCode).toBe(400);
    const problem = res.json();
    // A password's length is the password policy's to judge (one code wherever a password is set).
    expect(problem.code).toBe(field === 'owner.password' ? 'password_too_short' : 'validation_failed');
    expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('stores the canonical time zone and locale spelling', async () => {
    const admin = await adminSession(t());
    const res = await t().app.inject({
      method: 'POST',
      url: '/api/v1/admin/clinics',
      headers: admin.auth,
      payload: clinicBody({ timeZone: 'asia/tehran', locale: 'FA-ir', currency: 'IRR' }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().clinic).toMatchObject({ timeZone: 'Asia/Tehran', locale: 'fa-IR', currency: 'IRR' });
  });

  it('makes an existing verified account owner at once and leaves its password alone', async () => {
    const other = await createTestClinic(t());
    const admin = await adminSession(t());
    const res = await t().app.inject({
      method: 'POST',
      url: '/api/v1/admin/clinics',
      headers: admin.auth,
      payload: clinicBody({
        owner: { email: other.doctor.email, name: 'Ignored Name', password: 'a-different-password' },
      }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().owner).toMatchObject({
      userId: other.doctor.id,
      newAccount: false,
      passwordSetupSent: false,
      status: 'active',
    });
    const wrong = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: other.doctor.email, password: 'a-different-password' },
      remoteAddress: randomIp(),
    });
    expect(wrong.statusCode).toBe(401);
    const doctor = await login(t(), other.doctor);
    const me = await t().app.inject({ method: 'GET', url: '/api/v1/me', headers: doctor.auth });
    expect(
      me
        .json()
        .memberships.map((m: { role: string }) => m.role)
        .sort(),
    ).toEqual(['doctor', 'owner']);
  });

  it('emails a new owner without a password a link to choose one, which then signs them in', async () => {
    const admin = await adminSession(t());
    const email = uniqueEmail('newowner');
    const res = await t().app.inject({
      method: 'POST',
      url: '/api/v1/admin/clinics',
      headers: admin.auth,
      payload: clinicBody({ owner: { email, name: 'Nora New' } }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().owner).toMatchObject({ newAccount: true, passwordSetupSent: true, status: 'active' });
    expect(JSON.stringify(res.json())).not.toContain('/app/invite'); // only the owner's inbox gets it
    const mail = await lastEmailTo(t(), email);
    expect(res.body).not.toContain(inviteTokenFrom(mail?.body).split('.')[1]);
    expect(mail?.subject).toMatch(/Set your password/);
    const accepted = await t().app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token: inviteTokenFrom(mail?.body), password: 'my-own-password' },
    });
    expect(accepted.statusCode).toBe(200);
    const owner = await login(t(), { email, password: 'my-own-password' });
    const me = await t().app.inject({ method: 'GET', url: '/api/v1/me', headers: owner.auth });
    expect(me.json().memberships).toEqual([
      expect.objectContaining({ clinicId: res.json().clinic.id, role: 'owner' }),
    ]);
  });

  it('lists clinics with paging, a status filter and a search', async () => {
    const admin = await adminSession(t());
    const tag = uniqueSlug('list');
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      t().clock.advance(1000); // ids are time-ordered: one per second makes "newest first" unambiguous
      const res = await t().app.inject({
        method: 'POST',
        url: '/api/v1/admin/clinics',
        headers: admin.auth,
        payload: clinicBody({ slug: `${tag}-${n}`, name: `Search ${tag} ${n}` }),
      });
      ids.push(res.json().clinic.id);
    }
    const page1 = await t().app.inject({
      method: 'GET',
      url: `/api/v1/admin/clinics?q=${tag}&limit=2`,
      headers: admin.auth,
    });
    expect(page1.statusCode).toBe(200);
    expect(page1.json().items.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
    const page2 = await t().app.inject({
      method: 'GET',
      url: `/api/v1/admin/clinics?q=${tag}&limit=2&cursor=${page1.json().nextCursor}`,
      headers: admin.auth,
    });
    expect(page2.json()).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });

    await t().app.inject({
      method: 'POST',
      url: `/api/v1/admin/clinics/${ids[1]}/suspend`,
      headers: admin.auth,
      payload: { reason: 'unpaid invoice' },
    });
    const suspended = await t().app.inject({
      method: 'GET',
      url: `/api/v1/admin/clinics?q=${tag}&status=suspended`,
      headers: admin.auth,
    });
    expect(suspended.json().items).toEqual([
      expect.objectContaining({ id: ids[1], status: 'suspended', suspendedReason: 'unpaid invoice' }),
    ]);
    // A search is text, not a pattern.
    const wildcard = await t().app.inject({
      method: 'GET',
      url: `/api/v1/admin/clinics?q=${encodeURIComponent('%')}`,
      headers: admin.auth,
    });
    expect(wildcard.json().items).toEqual([]);
    const badCursor = await t().app.inject({
      method: 'GET',
      url: '/api/v1/admin/clinics?cursor=nope',
      headers: admin.auth,
    });
    expect(badCursor.statusCode).toBe(400);
  });

  it('shows one clinic with its owners, and 404 for an unknown id', async () => {
    const admin = await adminSession(t());
    const clinic = await createTestClinic(t());
    const res = await t().app.inject({
      method: 'GET',
      url: `/api/v1/admin/clinics/${clinic.id}`,
      headers: admin.auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: clinic.id,
      slug: clinic.slug,
      owners: [{ userId: clinic.owner.id, email: clinic.owner.email }],
    });
    for (const id of ['00000000-0000-7000-8000-000000000000', 'not-an-id']) {
      const missing = await t().app.inject({
        method: 'GET',
        url: `/api/v1/admin/clinics/${id}`,
        headers: admin.auth,
      });
      expect(missing.statusCode).toBe(404);
      const suspend = await t().app.inject({
        method: 'POST',
        url: `/api/v1/admin/clinics/${id}/suspend`,
        headers: admin.auth,
        payload: { reason: 'x' },
      });
      expect(suspend.statusCode).toBe(404);
    }
  });

  it('suspends a clinic: its members get 403 clinic_suspended until it is reactivated', async () => {
    const admin = await adminSession(t());
    const clinic = await createTestClinic(t());
    const owner = await login(t(), clinic.owner);
    const doctor = await login(t(), clinic.doctor);
    const staffUrl = `/api/v1/clinics/${clinic.id}/staff`;
    expect((await t().app.inject({ method: 'GET', url: staffUrl, headers: doctor.auth })).statusCode).toBe(
      200,
    );

    const suspend = await t().app.inject({
      method: 'POST',
      url: `/api/v1/admin/clinics/${clinic.id}/suspend`,
      headers: admin.auth,
      payload: { reason: 'Owner asked to pause' },
    });
    expect(suspend.statusCode).toBe(200);
    expect(suspend.json()).toMatchObject({ status: 'suspended', suspendedReason: 'Owner asked to pause' });
    for (const who of [owner, doctor]) {
      const res = await t().app.inject({ method: 'GET', url: staffUrl, headers: who.auth });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('clinic_suspended');
    }
    // Someone from another clinic still learns nothing: 404, not "suspended".
    const stranger = await login(t(), (await createTestClinic(t())).owner);
    expect((await t().app.inject({ method: 'GET', url: staffUrl, headers: stranger.auth })).statusCode).toBe(
      404,
    );

    const again = await t().app.inject({
      method: 'POST',
      url: `/api/v1/admin/clinics/${clinic.id}/suspend`,
      headers: admin.auth,
      payload: { reason: 'twice' },
    });
    expect(again.json().suspendedReason).toBe('Owner asked to pause'); // unchanged: already suspended

    const reactivate = await t().app.inject({
      method: 'POST',
      url: `/api/v1/admin/clinics/${clinic.id}/reactivate`,
      headers: admin.auth, // no body: a reason is optional here
    });
    expect(reactivate.statusCode).toBe(200);
    expect(reactivate.json()).toMatchObject({ status: 'active', suspendedAt: null, suspendedReason: null });
    expect((await t().app.inject({ method: 'GET', url: staffUrl, headers: doctor.auth })).statusCode).toBe(
      200,
    );

    // Both changes are in the clinic's own audit chain, by the admin, and the chain holds.
    const audit = await t().app.inject({
      method: 'GET',
      url: `/api/v1/clinics/${clinic.id}/audit?entityType=clinic`,
      headers: owner.auth,
    });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual([
      'clinic.reactivated',
      'clinic.suspended',
      'clinic.created',
    ]);
    expect(audit.json().items[1]).toMatchObject({
      actorUserId: admin.userId,
      actorKind: 'admin',
      data: { reason: 'Owner asked to pause' },
    });
    const verify = await t().app.inject({
      method: 'GET',
      url: `/api/v1/clinics/${clinic.id}/audit/verify`,
      headers: owner.auth,
    });
    expect(verify.json()).toMatchObject({ ok: true });
  });

  it('hides the whole admin API from everyone but platform admins (404)', async () => {
    const clinic = await createTestClinic(t());
    const routes = [
      { method: 'GET' as const, url: '/api/v1/admin/clinics' },
      { method: 'GET' as const, url: `/api/v1/admin/clinics/${clinic.id}` },
      { method: 'POST' as const, url: '/api/v1/admin/clinics', payload: clinicBody() },
      {
        method: 'POST' as const,
        url: `/api/v1/admin/clinics/${clinic.id}/suspend`,
        payload: { reason: 'x' },
      },
      { method: 'POST' as const, url: `/api/v1/admin/clinics/${clinic.id}/reactivate`, payload: {} },
    ];
    for (const user of [clinic.owner, clinic.doctor, clinic.secretary, clinic.patient]) {
      const s = await login(t(), user);
      for (const r of routes) {
        const res = await t().app.inject({ ...r, headers: s.auth });
        expect(res.statusCode, `${user.email} ${r.method} ${r.url}`).toBe(404);
      }
    }
    for (const r of routes) {
      const res = await t().app.inject(r);
      expect(res.statusCode).toBe(401);
    }
    // The clinic was not suspended by any of that.
    const owner = await login(t(), clinic.owner);
    const ok = await t().app.inject({
      method: 'GET',
      url: `/api/v1/clinics/${clinic.id}/staff`,
      headers: owner.auth,
    });
    expect(ok.statusCode).toBe(200);
  });
});
