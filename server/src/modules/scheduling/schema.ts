import { z } from 'zod';
import { clinicParamsWith } from '../../platform/http/route-kit.ts';

/** Schema pieces shared by scheduling's slices. */

export const modeSchema = z.enum(['in_person', 'online']);

export const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1e88e5')
  // A check-like rewrite (not a transform), so the schema stays a string in the OpenAPI document.
  .toLowerCase();

export const minutes = (max: number) => z.number().int().min(0).max(max);

/** Wall-clock time in the clinic's zone, "HH:MM"; "24:00" is the end of the day. */
export const clockTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time like 09:30')
  .describe('HH:MM in the clinic’s time zone');

export const doctorParams = clinicParamsWith('doctorId');
