/** A benchmark's `--name` option as a positive integer; anything else stops the run naming the option. */
export function positiveIntegerOption<Name extends string>(
  values: Record<Name, string | boolean | undefined>,
  name: Name,
): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer, got ${String(values[name])}`);
  return value;
}
