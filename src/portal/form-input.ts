import type { z } from 'zod';
import { ApiError } from '../errors.js';

/** A urlencoded form as the browser sent it: repeated names (checkboxes) become lists. */
export type FormBody = Record<string, string | string[]>;

export function parseFormBody(text: string): FormBody {
  const form: FormBody = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const earlier = form[name];
    form[name] = earlier === undefined ? value : [earlier, value].flat();
  }
  return form;
}

/** One field's value, trimmed; an empty field is an absent one. */
export function field(form: FormBody, name: string): string | undefined {
  const value = [form[name]].flat()[0]?.trim();
  return value ? value : undefined;
}

export function fieldList(form: FormBody, name: string): string[] {
  return [form[name] ?? []].flat().filter((value) => value !== '');
}

/** datetime-local gives minutes without a zone; the portal labels such fields UTC. */
export function utcDateTime(value: string | undefined): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00Z` : value;
}

/** A number field as a number, so the API's schema judges it; anything else is left for it to refuse. */
export function numberField(value: string | undefined): number | string | undefined {
  return value !== undefined && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

/** "Name: value" per line, as a header map. */
export function headerLines(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const headers: Record<string, string> = {};
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw new ApiError('VALIDATION_ERROR', `custom header line ${index + 1} must look like "Name: value"`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Checks the form's values with the partner API's own body schema, so both refuse the same things. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  );
  throw new ApiError('VALIDATION_ERROR', `please correct the form: ${problems.join('; ')}`);
}
