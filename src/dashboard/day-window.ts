/** A window of whole UTC days ending today: days=1 is today only, days=30 today and the 29 before. */
export interface DayWindow {
  days: number;
  /** First and last day as YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
  /** Midnight UTC of the first day: rows at or after it are in the window. */
  from: Date;
}

const dayMs = 86_400_000;
const isoDay = (at: Date) => at.toISOString().slice(0, 10);

export function dayWindow(now: Date, days: number): DayWindow {
  const todayStart = Math.floor(now.getTime() / dayMs) * dayMs;
  const from = new Date(todayStart - (days - 1) * dayMs);
  return { days, firstDay: isoDay(from), lastDay: isoDay(now), from };
}
