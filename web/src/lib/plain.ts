/**
 * The API's field problems in plain sentences for people. The API speaks to programmers (a
 * pattern, a type zod expected); a person reads what to type instead.
 */

/** What a field is called on the site's forms, by the last part of its path. */
const FIELD_NAMES: Record<string, string> = {
  id: "ID",
  displayName: "name",
  name: "name",
  team: "team",
  cohort: "cohort",
  key: "key",
  points: "points",
  dailyCap: "daily cap",
  effectiveFrom: "date",
  timezone: "time zone",
  slug: "address",
  value: "value",
  url: "address",
  email: "e-mail address",
  password: "password",
  parent: "parent team",
  metric: "metric",
  metrics: "metric",
  period: "period",
  start: "start date",
  end: "end date",
  description: "description",
  goal: "goal",
  days: "number of days",
  rank: "rank",
  kind: "kind",
};

/** What a field must look like, where the API states it as a pattern. */
const SHAPES: Record<string, string> = {
  slug: "Use lower-case letters, digits and dashes, starting with a letter or a digit (at most 64).",
  key: "Use lower-case letters, digits, dashes, dots or underscores, starting with a letter or a digit (at most 64).",
};

const fieldOf = (path: string) => /([A-Za-z]+)(?:\[\d+\])?$/.exec(path)?.[1] ?? "";

const sentence = (text: string) => {
  const t = text.trim();
  return t.charAt(0).toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? "" : ".");
};

export function plainProblem(path: string, message: string): string {
  const field = fieldOf(path);
  const name = FIELD_NAMES[field] ?? "value";
  if (/\^|\$\/|regex|pattern/i.test(message)) return SHAPES[field] ?? `This ${name} is not in the expected form.`;
  const expected = /^Invalid input: expected (\w+), received (\w+)/i.exec(message);
  if (expected) {
    if (expected[2] === "undefined" || expected[2] === "null") return `Enter a ${name}.`;
    return expected[1] === "number" ? "Enter a number." : `This ${name} is not the right kind of value.`;
  }
  if (/^Invalid option/i.test(message)) return "Choose one of the options offered.";
  if (/^Too small/i.test(message)) return `This ${name} is too short or too small.`;
  if (/^Too big/i.test(message)) return `This ${name} is too long or too large.`;
  if (/^Invalid|^Unrecognized|expected/i.test(message)) return `This ${name} is not accepted.`;
  if (message === "is not a known field") return "This field is not expected here.";
  if (/^must be an IANA time zone/.test(message)) return "Enter a time zone such as Europe/London or America/New_York.";
  if (/^must have at most 2 decimal places/.test(message)) return "Use at most 2 decimal places (and at most 1,000,000,000).";
  if (message === "must not be before start") return "The end date must not be before the start date.";
  if (message === "must name at least one event") return "Tick at least one event.";
  if (/^must be a date YYYY-MM-DD/.test(message)) return "Enter a date.";
  if (/^must be null \(every lead metric\)/.test(message)) return "Choose at least one metric, or none for every lead metric.";
  if (/^must be greater than the points of the level before/.test(message))
    return message.replace(/^must be greater than the points of the level before \((.*)\)$/, "Must be more points than the level before ($1): levels go up.");
  return sentence(message.replace(/^no team "(.*)" in this program$/, 'there is no team "$1" in this program'));
}
