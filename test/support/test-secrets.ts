import { randomBytes } from 'node:crypto';
import type { PasswordHashCost } from '../../src/security/password-hash.js';

// One per test process, so every app and worker on the same database can open the same secrets.
export const testMasterKey = randomBytes(32).toString('hex');
export const testJwtSecret = randomBytes(32).toString('hex');

/**
 * Portal password hashes a thousandth of production's cost: test files create and log in hundreds
 * of partners, and at production's cost each would take about a second of one core.
 */
export const testPasswordHashCost: PasswordHashCost = { N: 2 ** 10, r: 8, p: 1 };
