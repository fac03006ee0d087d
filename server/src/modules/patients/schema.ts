import { z } from 'zod';
import { localDate } from '../../platform/http/dates.ts';
import { multiLine, singleLine } from '../../platform/http/text.ts';

export const sexSchema = z.enum(['female', 'male', 'other', 'unknown']);

export const patientSchema = z
  .object({
    id: z
      .string()
      .uuid()
      .describe(
        'This clinic’s id for the patient’s record: another clinic has another id for the same person',
      ),
    fullName: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    birthDate: z.string().nullable().describe('YYYY-MM-DD'),
    sex: sexSchema.nullable(),
    notes: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Patient' });

export type Patient = z.infer<typeof patientSchema>;

/** From 1900 up to the clinic's today (in its time zone). */
const birthDate = localDate('birth');

export const createPatientBody = z.object({
  fullName: singleLine({ max: 200 }),
  phone: z.string().trim().min(4).max(32).describe('International format, e.g. +1 555 555 0100'),
  email: z.string().trim().email().max(320).optional(),
  birthDate: birthDate.optional(),
  sex: sexSchema.optional(),
  notes: multiLine({ max: 2000 }).optional(),
});
export type CreatePatientInput = z.infer<typeof createPatientBody>;

export const updatePatientBody = z
  .object({
    fullName: singleLine({ max: 200 }),
    email: z.string().trim().email().max(320).nullable(),
    birthDate: birthDate.nullable(),
    sex: sexSchema.nullable(),
    notes: multiLine({ max: 2000 }).nullable(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'send at least one field to change');
export type UpdatePatientInput = z.infer<typeof updatePatientBody>;

export const listPatientsQuery = z.object({
  q: singleLine({ min: 0, max: 100 }).optional().describe('Part of the name or of the phone number'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(400).optional(),
});
export type ListPatientsQuery = z.infer<typeof listPatientsQuery>;

export const patientPageSchema = z.object({
  items: z.array(patientSchema),
  nextCursor: z.string().nullable(),
});
