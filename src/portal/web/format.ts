/** Times as people read them, in UTC so every reader sees the same moment. */
export function when(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—';
}

/** The value a datetime-local input shows for a time, read back as UTC. */
export function dateTimeInputValue(iso: string | null): string {
  return iso ? iso.slice(0, 16) : '';
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}
