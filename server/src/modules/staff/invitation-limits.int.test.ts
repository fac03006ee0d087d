import { expect, it } from 'vitest';
import { call, inviteTokenFrom, lastEmailTo, uniqueEmail } from '../../test/api.ts';
import { createTestClinic, describeEachDb, sessionFor, type TestApp } from '../../test/harness.ts';
import { STAFF_EMAILS_PER_HOUR } from './invitations.ts';

async function emailsTo(t: TestApp, prefix: string): Promise<number> {
  const row = await t.db.owner
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('recipient', 'like', `${prefix}%`)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

describeEachDb('staff: invitation emails are bounded', (t) => {
  it('refuses a clinic’s invitations past the hourly budget (429 too_many_invitations), then allows them again', async () => {
    const clinic = await createTestClinic(t());
    const other = await createTestClinic(t());
    const owner = await sessionFor(t(), clinic.owner.id);
    const prefix = `flood-${clinic.slug}-`;
    const invite = (n: number) =>
      call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
        email: `${prefix}${n}@people.test`,
        name: 'Flood',
        role: n % 2 ? 'doctor' : 'secretary',
      });
    for (let n = 0; n < STAFF_EMAILS_PER_HOUR; n++) expect((await invite(n)).statusCode).toBe(201);
    const refused = await invite(STAFF_EMAILS_PER_HOUR);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('too_many_invitations');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // An email with an account is refused the same way (the answer tells nothing of it)…
    const existing = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
      email: clinic.doctor.email,
      name: 'Flood',
      role: 'secretary',
    });
    expect([existing.statusCode, existing.json().code]).toEqual([429, 'too_many_invitations']);
    // …and a refused request leaves nothing behind: no email, no invitation, no account.
    expect(await emailsTo(t(), prefix)).toBe(STAFF_EMAILS_PER_HOUR);
    const account = await t()
      .db.owner.selectFrom('identities')
      .select('id')
      .where('value', '=', `${prefix}${STAFF_EMAILS_PER_HOUR + 1}@people.test`)
      .executeTakeFirst();
    expect(account).toBeUndefined();
    // Another clinic has its own budget.
    const otherOwner = await sessionFor(t(), other.owner.id);
    const elsewhere = await call(t(), otherOwner, 'POST', `/clinics/${other.id}/staff`, {
      email: uniqueEmail('elsewhere'),
      name: 'Fine',
      role: 'doctor',
    });
    expect(elsewhere.statusCode).toBe(201);

    t().clock.advance(60 * 60 * 1000 + 1000);
    expect((await invite(STAFF_EMAILS_PER_HOUR + 2)).statusCode).toBe(201);
  });

  it('keeps the text an owner typed out of the start of the email, on one short line, without links', async () => {
    const clinic = await createTestClinic(t());
    const owner = await sessionFor(t(), clinic.owner.id);
    const email = uniqueEmail('target');
    // Control and bidi characters are refused at the door (the text rule)…
    const refused = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
      email,
      name: 'Your bank:\nverify NOW\u202e',
      role: 'doctor',
    });
    expect([refused.statusCode, refused.json().code]).toEqual([400, 'invalid_text']);
    // …and what may be typed is still kept out of the email's start, on one line, without links.
    const name = 'Your bank: verify NOW at http://evil.example/login or www.evil.example ok '.padEnd(
      150,
      'x',
    );
    const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
      email,
      name,
      role: 'doctor',
    });
    expect(res.statusCode).toBe(201);
    const mail = await lastEmailTo(t(), email);
    const body = mail?.body ?? '';
    const [firstLine] = body.split('\n');
    expect(firstLine).toMatch(/^Cliniclick: you are invited to join /);
    expect(firstLine).not.toMatch(/bank/i);
    expect(mail?.subject).not.toMatch(/bank/i);
    expect(body).not.toMatch(/evil\.example|http:\/\/evil|\u202e/);
    const quoted = body.split('\n').find((l) => l.includes('bank')) ?? '';
    expect(quoted).toContain('“Your bank: verify NOW at evil . example/login or www . evil');
    expect(quoted).toMatch(/…”/); // cut short
    expect(quoted.length).toBeLessThan(120);
    // The link still works for the real recipient.
    expect(inviteTokenFrom(body)).toMatch(new RegExp(`^${clinic.id}\\.`));
  });

  it('lists pending invitations a page at a time (at most 100), newest first', async () => {
    const clinic = await createTestClinic(t());
    const owner = await sessionFor(t(), clinic.owner.id);
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) {
      t().clock.advance(1000); // ids are time-ordered: one per second makes the order unambiguous
      const res = await call(t(), owner, 'POST', `/clinics/${clinic.id}/staff`, {
        email: uniqueEmail(`page${n}`),
        name: `Page ${n}`,
        role: 'doctor',
      });
      ids.unshift(res.json().invitation.id);
    }
    const url = `/clinics/${clinic.id}/staff/invitations`;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(t(), owner, 'GET', `${url}?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode).toBe(200);
      expect(page.json().items.length).toBeLessThanOrEqual(2);
      seen.push(...page.json().items.map((i: { id: string }) => i.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    const all = await call(t(), owner, 'GET', url);
    expect(all.json()).toMatchObject({ nextCursor: null });
    expect(all.json().items).toHaveLength(5);
    for (const bad of ['limit=101', 'limit=0', 'limit=abc', 'cursor=nope']) {
      const res = await call(t(), owner, 'GET', `${url}?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
  });
});
