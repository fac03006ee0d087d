import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../platform/deps.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { PreparedJson } from '../../../platform/http/prepared-body.ts';
import { problemSchema } from '../../../platform/http/problem.ts';
import { findSiteClinic, type SiteClinic } from '../../site/index.ts';
import {
  bookedSchema,
  codeSentSchema,
  daysQuery,
  detailsBody,
  doctorsQuery,
  holdBody,
  holdParams,
  holdSchema,
  publicDoctorSchema,
  publicServiceSchema,
  publicSlotSchema,
  slotsQuery,
  slugParams,
  verifyBody,
} from './schema.ts';
import * as booking from './service.ts';

const tags = ['public booking'];
const open = { access: { kind: 'public' } } as const;
const problems = { 400: problemSchema, 404: problemSchema };
const writeProblems = { ...problems, 409: problemSchema, 429: problemSchema };

export async function clinicOf(deps: AppDeps, slug: string): Promise<SiteClinic> {
  const clinic = await findSiteClinic(deps.db, slug);
  if (!clinic) throw notFound('Clinic');
  return clinic;
}

/**
 * The clinic of a read (services, doctors, days, slots), reused for 2 s per slug: under load the
 * lookup costs more than a cached answer. Writes (holds, details, verify) always read it afresh,
 * so a suspension stops bookings at once.
 */
const CLINIC_TTL_MS = 2_000;
const clinics = new Map<string, { at: number; clinic: Promise<SiteClinic> }>();
function cachedClinicOf(deps: AppDeps, slug: string): Promise<SiteClinic> {
  const now = deps.clock.now().getTime();
  const key = slug.toLowerCase();
  const hit = clinics.get(key);
  if (hit && now - hit.at < CLINIC_TTL_MS) return hit.clinic;
  if (clinics.size > 1000) clinics.clear();
  const clinic = clinicOf(deps, slug);
  clinics.set(key, { at: now, clinic });
  clinic.catch(() => clinics.delete(key));
  return clinic;
}

export const visitorOf = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });

/** The public booking API: /api/v1/public/clinics/{slug}/… (no sign-in; a hold secret per hold). */
const slotsAnswer = z.object({ timeZone: z.string(), date: z.string(), slots: z.array(publicSlotSchema) });
/** The encoded answer of each cached day of times (a day's array is one object while it is cached). */
const encoded = new WeakMap<object, PreparedJson>();

export function registerPublicBookingRoutes(
  api: FastifyInstance,
  deps: AppDeps,
  cache?: booking.FreeSlotsCache,
): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const pub = { db: deps.db, outbox: deps.outbox, appSecret: deps.settings.appSecret };
  const base = '/public/clinics/:slug';

  r.get(
    `${base}/services`,
    {
      config: open,
      schema: {
        tags,
        summary: 'Services bookable online',
        params: slugParams,
        response: {
          200: z.object({ acceptingBookings: z.boolean(), services: z.array(publicServiceSchema) }),
          ...problems,
        },
      },
    },
    async (req) => booking.publicCatalog(deps.db, await cachedClinicOf(deps, req.params.slug)),
  );
  r.get(
    `${base}/doctors`,
    {
      config: open,
      schema: {
        tags,
        summary: 'Doctors offering a service',
        params: slugParams,
        querystring: doctorsQuery,
        response: { 200: z.object({ items: z.array(publicDoctorSchema) }), ...problems },
      },
    },
    async (req) =>
      booking.publicDoctors(deps.db, await cachedClinicOf(deps, req.params.slug), req.query.serviceId),
  );
  r.get(
    `${base}/days`,
    {
      config: open,
      schema: {
        tags,
        summary: 'Two weeks of days from `from`, each with its number of free times',
        params: slugParams,
        querystring: daysQuery,
        response: {
          200: z.object({
            timeZone: z.string(),
            days: z.array(z.object({ date: z.string(), free: z.number().int() })),
          }),
          ...problems,
        },
      },
    },
    async (req) =>
      booking.publicDays(
        deps.db,
        await cachedClinicOf(deps, req.params.slug),
        deps.clock.now(),
        req.query,
        cache,
      ),
  );
  r.get(
    `${base}/slots`,
    {
      config: open,
      schema: {
        tags,
        summary: 'Free times of one day, recommended first (the clinic’s notice and horizon apply)',
        params: slugParams,
        querystring: slotsQuery,
        response: { 200: slotsAnswer, ...problems },
      },
    },
    async (req, reply) => {
      const answer = await booking.publicSlots(
        deps.db,
        await cachedClinicOf(deps, req.params.slug),
        req.query,
        cache,
      );
      // A cached day of times is validated and encoded once (as the staff slots are), not per visitor.
      let prepared = encoded.get(answer.slots);
      if (!prepared) {
        prepared = PreparedJson.of(JSON.stringify(slotsAnswer.parse(answer)));
        encoded.set(answer.slots, prepared);
      }
      return prepared.send(req, reply);
    },
  );
  r.post(
    `${base}/holds`,
    {
      config: open,
      schema: {
        tags,
        summary: 'Hold a time for a few minutes (409 slot_taken when it was just taken; 429 when limited)',
        params: slugParams,
        body: holdBody,
        response: { 201: holdSchema, ...writeProblems },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await booking.createHold(pub, await clinicOf(deps, req.params.slug), visitorOf(req), req.body)),
  );
  r.post(
    `${base}/holds/:holdId/details`,
    {
      config: open,
      schema: {
        tags,
        summary: 'Name and phone for the hold: an SMS code is sent (429 with Retry-After when limited)',
        params: holdParams,
        body: detailsBody,
        response: { 200: codeSentSchema, ...writeProblems },
      },
    },
    async (req) =>
      booking.sendDetails(
        pub,
        await clinicOf(deps, req.params.slug),
        visitorOf(req),
        req.params.holdId,
        req.body,
      ),
  );
  r.post(
    `${base}/holds/:holdId/verify`,
    {
      config: open,
      schema: {
        tags,
        summary: 'The SMS code: the visit is confirmed, or requested when the service needs approval',
        params: holdParams,
        body: verifyBody,
        response: { 200: bookedSchema, ...writeProblems },
      },
    },
    async (req) =>
      booking.verifyCode(
        pub,
        await clinicOf(deps, req.params.slug),
        visitorOf(req),
        req.params.holdId,
        req.body,
      ),
  );
}
