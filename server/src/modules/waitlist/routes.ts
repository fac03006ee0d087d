import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps.ts';
import { clinicParams, problems, problemsWithConflict } from '../../platform/http/route-kit.ts';
import {
  bookWishBody,
  createWishBody,
  listWishesQuery,
  matchesQuery,
  myWishBody,
  updateWishBody,
  wishParams,
  wishSchema,
} from './schema.ts';
import * as wishes from './wishes.ts';

const tags = ['waitlist'];
const list = z.object({ items: z.array(wishSchema) });

/** Staff's waitlist and the patient panel's own wishes. */
export function registerWaitlistRoutes(api: FastifyInstance, deps: AppDeps): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const read = { access: { kind: 'clinic', permission: 'waitlist.read' } } as const;
  const manage = { access: { kind: 'clinic', permission: 'waitlist.manage' } } as const;
  const own = { access: { kind: 'clinic', permission: 'waitlist.own' } } as const;
  const { db } = deps;

  r.get(
    '/clinics/:clinicId/waitlist',
    {
      config: read,
      schema: {
        tags,
        summary: 'Wishes in queue order (priority, then oldest)',
        params: clinicParams,
        querystring: listWishesQuery,
        response: { 200: list, ...problems },
      },
    },
    async (req) => ({ items: await wishes.listWishes(db, req.params.clinicId, req.actor, req.query.status) }),
  );
  r.post(
    '/clinics/:clinicId/waitlist',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a wish for a patient',
        params: clinicParams,
        body: createWishBody,
        response: { 201: wishSchema, ...problems },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await wishes.createWish(db, req.params.clinicId, req.actor, req.body)),
  );
  r.get(
    '/clinics/:clinicId/waitlist/matches',
    {
      config: read,
      schema: {
        tags,
        summary: 'Waiting wishes that fit a free time of a doctor (to fill it by hand)',
        params: clinicParams,
        querystring: matchesQuery,
        response: { 200: list, ...problems },
      },
    },
    async (req) => ({ items: await wishes.matchingWishes(db, req.params.clinicId, req.actor, req.query) }),
  );
  r.patch(
    '/clinics/:clinicId/waitlist/:wishId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a wish (dates, times of day, doctor, service, priority, note)',
        params: wishParams,
        body: updateWishBody,
        response: { 200: wishSchema, ...problems },
      },
    },
    (req) => wishes.updateWish(db, req.params.clinicId, req.actor, req.params.wishId, req.body),
  );
  r.delete(
    '/clinics/:clinicId/waitlist/:wishId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Withdraw a wish (its open offers close)',
        params: wishParams,
        response: { 200: wishSchema, ...problems },
      },
    },
    (req) => wishes.withdrawWish(db, req.params.clinicId, req.actor, req.params.wishId),
  );
  r.post(
    '/clinics/:clinicId/waitlist/:wishId/book',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Fill a free time from the waitlist by hand: book this wish',
        params: wishParams,
        body: bookWishBody,
        response: { 200: wishSchema, ...problemsWithConflict },
      },
    },
    (req) => wishes.bookWish(deps, req.params.clinicId, req.actor, req.params.wishId, req.body),
  );

  r.get(
    '/clinics/:clinicId/me/waitlist',
    {
      config: own,
      schema: {
        tags,
        summary: 'My wishes at this clinic',
        params: clinicParams,
        response: { 200: list, ...problems },
      },
    },
    async (req) => ({ items: await wishes.myWishes(db, req.params.clinicId, req.actor) }),
  );
  r.post(
    '/clinics/:clinicId/me/waitlist',
    {
      config: own,
      schema: {
        tags,
        summary: 'Add my own wish (signed in: no code needed)',
        params: clinicParams,
        body: myWishBody,
        response: { 201: wishSchema, ...problems },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await wishes.addMyWish(db, req.params.clinicId, req.actor, req.body)),
  );
  r.delete(
    '/clinics/:clinicId/me/waitlist/:wishId',
    {
      config: own,
      schema: {
        tags,
        summary: 'Withdraw my wish',
        params: wishParams,
        response: { 200: wishSchema, ...problems },
      },
    },
    (req) => wishes.withdrawMyWish(db, req.params.clinicId, req.actor, req.params.wishId),
  );
}
