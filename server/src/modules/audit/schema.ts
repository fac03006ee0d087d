import { z } from 'zod';
import { instant } from '../../platform/http/dates.ts';

export const auditQuery = z.object({
  action: z.string().trim().min(1).max(100).optional().describe('e.g. `staff.added`'),
  actorUserId: z.uuid().optional(),
  entityType: z.string().trim().min(1).max(100).optional(),
  entityId: z.string().trim().min(1).max(200).optional(),
  from: instant().optional().describe('Events at or after this instant'),
  to: instant().optional().describe('Events before this instant'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'must be the nextCursor of the previous page')
    .optional()
    .describe('`nextCursor` of the previous page'),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEventSchema = z
  .object({
    seq: z.number().int(),
    id: z.string(),
    occurredAt: z.string(),
    actorUserId: z.string().nullable(),
    actorName: z.string().nullable().describe('The acting person’s name, when known'),
    actorKind: z.enum(['user', 'admin', 'system', 'public']),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    subjectName: z
      .string()
      .nullable()
      .describe('The name of whom or what it was done to (patient, person, service, room…), when known'),
    data: z.record(z.string(), z.unknown()),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEvent' });

export const auditPage = z.object({
  items: z.array(auditEventSchema).describe('Newest first'),
  nextCursor: z.string().nullable(),
});

export const verifyResponse = z
  .object({
    ok: z.boolean(),
    checked: z.number().int().describe('Events whose hash and link were recomputed and found right'),
    firstBrokenSeq: z.number().int().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'AuditVerdict' });
