import { randomBytes } from 'node:crypto';

// One per test process, so every app and worker on the same database can open the same secrets.
export const testMasterKey = randomBytes(32).toString('hex');
export const testJwtSecret = randomBytes(32).toString('hex');
