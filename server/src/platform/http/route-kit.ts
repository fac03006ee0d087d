import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound } from './errors.ts';
import { problemSchema } from './problem.ts';

/**
 * What every routes file needs, in one place: path parameters parsed once (ids lower-cased, the
 * one form they are compared and hashed in), the problem responses every route declares, and
 * cursor pagination.
 */

/** A UUID path or query parameter, in lower case once parsed. */
export const uuidParam = () => z.uuid().toLowerCase();

/**
 * `{ clinicId }`: not checked as a UUID here, since the access hook answers 404 for a malformed or
 * foreign clinic before validation, as it does for a missing one.
 */
export const clinicParams = z.object({ clinicId: z.string().toLowerCase() });

/** `{ clinicId, …ids }` with every named id a lower-cased UUID. */
export function clinicParamsWith<const K extends string>(...ids: K[]) {
  const shape = Object.fromEntries(ids.map((k) => [k, uuidParam()])) as {
    [P in K]: ReturnType<typeof uuidParam>;
  };
  return clinicParams.extend(shape);
}

/** The clinic of a clinic route, as the access hook resolved it. */
export function clinicIdOf(request: FastifyRequest): string {
  if (!request.clinic) throw notFound('Clinic');
  return request.clinic.id;
}

/** The errors every authenticated route may answer. */
export const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
/** …and a conflict (taken, duplicate, stale). */
export const problemsWithConflict = { ...problems, 409: problemSchema };
/** …and a conflict and a rate limit. */
export const problemsWithConflictAndLimit = { ...problemsWithConflict, 429: problemSchema };

/** A page of `item`s and the cursor of the next page (null on the last). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** `limit` (1…max, default `fallback`) of a paginated list's query. */
export const pageLimit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

/** The items of a page fetched with `limit + 1` rows, and the next cursor taken from the last item shown. */
export function toPage<T>(
  rows: T[],
  limit: number,
  cursorOf: (last: T) => string,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
