import { z } from 'zod';

export const feedSchema = z
  .object({
    url: z.string().describe('Subscribe to this URL; shown once, only its hash is kept'),
    createdAt: z.string(),
  })
  .meta({ id: 'CalendarFeed' });

export const feedStatusSchema = z.object({ active: z.boolean(), createdAt: z.string().nullable() });

export const feedParams = z.object({ token: z.string().max(200) });
