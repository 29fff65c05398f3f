import type { Environment } from '../db/schema.js';
import { ApiError } from '../errors.js';

// A mistaken argument is answered like any refusal: one line with its code, and exit code 1.
const invalid = (problem: string) =>
  new ApiError('VALIDATION_ERROR', `${problem} (npm run ops -- with no command lists the usage)`);

export function required(value: string | undefined, what: string): string {
  if (!value?.trim()) throw invalid(`missing ${what}`);
  return value.trim();
}

export function optionalDate(value: string | undefined, what: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(date.getTime()))
    throw invalid(`${what} must be an ISO 8601 date, e.g. 2026-01-31T00:00:00Z`);
  return date;
}

const environments: readonly Environment[] = ['sandbox', 'production'];

export function environmentOf(value: string | undefined): Environment {
  const environment = value ?? 'sandbox';
  if (!(environments as readonly string[]).includes(environment))
    throw invalid(`--environment must be one of ${environments.join(', ')}`);
  return environment as Environment;
}
