import { z } from 'zod';
import { environmentSchema } from '../schemas/key-schemas.js';

/** Every signed-in page lives under its environment; the form a page posts carries its CSRF token. */
export const environmentParams = z.strictObject({ environment: environmentSchema });
export const withIdParams = environmentParams.extend({ id: z.string().min(1).max(64) });
export const doneQuery = z.object({ done: z.string().max(40).optional() });
export const formBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export const hidden = { hide: true };
export const portalRoute = { auth: 'none' as const };
