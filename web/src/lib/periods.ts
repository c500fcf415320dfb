/** Presentation of periods and instants, in the program's time zone (labels come from scoring/). */
import { parseLocalDate, parsePeriod, periodAfter, periodBefore, periodOf, type Period, type PeriodKind } from "$scoring/periods";

export const BOARD_PERIODS = ["week", "month", "quarter", "all"] as const;
export type BoardPeriod = (typeof BOARD_PERIODS)[number];

export const PERIOD_NAMES: Record<BoardPeriod, string> = { week: "Week", month: "Month", quarter: "Quarter", all: "All time" };

export function isBoardPeriod(kind: string | null): kind is BoardPeriod {
  return (BOARD_PERIODS as readonly string[]).includes(kind ?? "");
}

/** The days a program's boards can show: its first day to today (the API's `…/span`). */
export interface Span {
  firstDay: string;
  today: string;
}

/**
 * The period a query names, or the one holding today; kept within the program's span, so a
 * period before the program began shows its first period and one after today the current one.
 */
export function periodAt(kind: PeriodKind, at: string | null, span: Span): Period {
  const named = at ? parsePeriod(kind, at) : null;
  const current = periodOf(kind, parseLocalDate(span.today)!);
  if (!named || named.kind === "all") return current;
  if (named.endDay! <= span.firstDay) return periodOf(kind, parseLocalDate(span.firstDay)!);
  if (named.firstDay! > span.today) return current;
  return named;
}

/** The period before, or null where `p` holds the program's first day. */
export function previousPeriod(p: Period, firstDay: string): Period | null {
  if (p.kind === "all" || !p.firstDay || p.firstDay <= firstDay) return null;
  return periodBefore(p);
}

/** The next period, or null where it has not begun by `today`. */
export function nextPeriod(p: Period, today: string): Period | null {
  if (p.kind === "all" || !p.endDay || p.endDay > today) return null;
  return periodAfter(p);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const SHORT = MONTHS.map((m) => m.slice(0, 3));

const dayMonth = (day: string) => {
  const d = parseLocalDate(day)!;
  return `${d.day} ${SHORT[d.month - 1]}`;
};

/** "Week 47, 2026 · 16–22 Nov", "November 2026", "Q4 2026", "All time". */
export function periodTitle(p: Period): string {
  switch (p.kind) {
    case "week": {
      const [year, week] = p.label.split("-W");
      const first = parseLocalDate(p.firstDay!)!;
      const last = parseLocalDate(p.endDay!)!.subtract({ days: 1 });
      const from = first.month === last.month ? String(first.day) : dayMonth(first.toString());
      return `Week ${Number(week)}, ${year} · ${from}–${dayMonth(last.toString())}`;
    }
    case "month": {
      const [year, month] = p.label.split("-");
      return `${MONTHS[Number(month) - 1]} ${year}`;
    }
    case "quarter": {
      const [year, q] = p.label.split("-");
      return `${q} ${year}`;
    }
    case "day":
      return dayMonth(p.label);
    case "all":
      return "All time";
  }
}

/** "week 47" from "2026-W47". */
export const weekName = (label: string) => `week ${Number(label.split("-W")[1])}`;

/** "Week 47, 2026 · 16–22 Nov" from a week label. */
export const weekTitle = (label: string) => periodTitle(parsePeriod("week", label)!);

/** An instant shown in the program's zone: "23 Nov 2026, 09:30 GMT". */
export function instantIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
    timeZoneName: "short",
  }).format(new Date(iso));
}

/** Points as people read them: up to 2 decimals, thin grouping. */
export function points(n: number | null | undefined): string {
  if (n === null || n === undefined) return "–";
  return new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 }).format(n);
}

export const percent = (share: number | null | undefined, digits = 0) => (share === null || share === undefined ? "–" : `${(share * 100).toFixed(digits)}%`);

export function ordinal(n: number): string {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
}
