import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from './errors.ts';

/** RFC 9457 problem details, as every error of the API answers. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string().describe('Stable machine-readable error code'),
    requestId: z.string().optional(),
    errors: z
      .array(
        z.object({
          field: z.string(),
          message: z.string(),
          code: z.string().optional().describe('Set when the field’s problem has its own code'),
        }),
      )
      .optional(),
    retryAfter: z.number().optional(),
  })
  .passthrough()
  .meta({ id: 'Problem' });

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  if (typeof extra.retryAfter === 'number') reply.header('retry-after', String(extra.retryAfter));
  return reply
    .status(status)
    .type('application/problem+json')
    .send({
      type: `https://cliniclick.dev/problems/${code}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      instance: request.url.split('?')[0],
      code,
      requestId: request.id,
      ...extra,
    });
}

/** PostgreSQL constraint violations a request can cause: never a 500. */
const PG_CONFLICTS: Record<string, [number, string, string]> = {
  '23505': [409, 'conflict', 'This already exists'],
  '23P01': [409, 'conflict', 'This conflicts with an existing record'],
  '23503': [409, 'conflict', 'This refers to something that does not exist or is still in use'],
  '23514': [400, 'invalid_value', 'A value is not allowed'],
  '22P02': [400, 'invalid_value', 'A value has the wrong format'],
  '22001': [400, 'invalid_value', 'A value is too long'],
  '22021': [400, 'invalid_value', 'A value contains a character that is not allowed'],
  '22P05': [400, 'invalid_value', 'A value contains a character that is not allowed'],
  '22007': [400, 'invalid_value', 'A date or time has the wrong format'],
  '22008': [400, 'invalid_value', 'A date or time is out of range'],
  '22003': [400, 'invalid_value', 'A number is out of range'],
  '22009': [400, 'invalid_value', 'A date or time is out of range'],
  '40001': [409, 'try_again', 'Another change happened at the same time; try again'],
  '40P01': [409, 'try_again', 'Another change happened at the same time; try again'],
};

/**
 * Any other data exception (SQLSTATE class 22: a value the database cannot take) is the request's
 * fault, never a 500; both engines (pg and PGlite) report the SQLSTATE as `code`.
 */
const PG_DATA_EXCEPTION: [number, string, string] = [400, 'invalid_value', 'A value is not allowed here'];

function pgProblem(code: string | undefined): [number, string, string] | undefined {
  if (!code || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  return PG_CONFLICTS[code] ?? (code.startsWith('22') ? PG_DATA_EXCEPTION : undefined);
}

/** `/owner/email` → `owner.email`; the whole body or query when the path is empty. */
function fieldOf(instancePath: string | undefined, where: string): string {
  const p = (instancePath ?? '').split('/').filter(Boolean).join('.');
  return p || where;
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      404,
      'route_not_found',
      `No route ${request.method} ${request.url.split('?')[0]}`,
    ),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return sendProblem(request, reply, error.status, error.code, error.message, error.extra);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const errors = error.validation.map((v) => {
        // A schema helper's own code (`invalid_text`, `date_out_of_range`) rides in its issue's params.
        const own = (v.params as { params?: { code?: unknown } } | undefined)?.params?.code;
        return {
          field: fieldOf(v.instancePath, where),
          message: v.message ?? 'is not valid',
          ...(typeof own === 'string' ? { code: own } : {}),
        };
      });
      // The most specific code found names the problem; `errors` lists every field's.
      const specific = errors.find((e) => e.code !== undefined);
      const first = specific ?? errors[0];
      return sendProblem(
        request,
        reply,
        400,
        specific?.code ?? 'validation_failed',
        first ? `Invalid ${first.field}: ${first.message}` : 'The request is not valid',
        { errors },
      );
    }
    const pg = pgProblem((error as { code?: string }).code);
    if (pg) {
      const [status, code, detail] = pg;
      request.log.info({ err: error }, 'constraint violation');
      return sendProblem(request, reply, status, code, detail);
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(request, reply, 413, 'body_too_large', 'The request body is too large');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(request, reply, 415, 'unsupported_media_type', 'Send JSON (application/json)');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendProblem(request, reply, 400, 'malformed_json', 'The request body is not valid JSON');
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendProblem(request, reply, 400, 'bad_request', 'The Content-Length header is wrong');
    }
    if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
      return sendProblem(request, reply, 400, 'malformed_json', 'The request body is not valid JSON');
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(request, reply, error.statusCode, 'bad_request', error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      request,
      reply,
      500,
      'internal',
      'Something went wrong on our side; it has been logged',
    );
  });
}
