import { statSync } from "node:fs";
import { isCalendarMonth } from "@yibao/core/time";
import { YibaoError } from "@yibao/core/errors";
import { InvalidArgumentError } from "commander";
import { checkTree } from "../http/input-guard.ts";

/**
 * Parsers of the CLI's options and arguments (commander calls them; a bad value is a clear
 * "error: option '--year <yyyy>' argument 'abc' is invalid. ..." and exit code 1, never a stack trace).
 */
export function yearArg(value: string): number {
  if (!/^\d{4}$/.test(value) || Number(value) < 2000 || Number(value) > 2100)
    throw new InvalidArgumentError("a year is 4 digits between 2000 and 2100, e.g. 2026.");
  return Number(value);
}

export function monthArg(value: string): string {
  if (!isCalendarMonth(value)) throw new InvalidArgumentError("a month is yyyy-MM, e.g. 2026-11.");
  return value;
}

/** A non-negative yuan amount (at most 2 decimals, 15 integer digits); the text is kept. */
export function yuanArg(value: string): string {
  if (!/^\d{1,15}(\.\d{1,2})?$/.test(value))
    throw new InvalidArgumentError("an amount is yuan with at most 2 decimals, e.g. 13000000.00.");
  return value;
}

export function regionArg(value: string): string {
  if (!/^\d{6}$/.test(value)) throw new InvalidArgumentError("a region code is 6 digits, e.g. 530100.");
  return value;
}

export function positiveIntArg(max: number) {
  return (value: string): number => {
    if (!/^\d{1,9}$/.test(value) || Number(value) < 1 || Number(value) > max)
      throw new InvalidArgumentError(`a whole number from 1 to ${max}.`);
    return Number(value);
  };
}

/** A file that exists (a directory too when `directory` is allowed). */
export function existingPath(directory = false) {
  return (value: string): string => {
    const st = statSync(value, { throwIfNoEntry: false });
    if (!st) throw new InvalidArgumentError(`no such file: ${value}`);
    if (!st.isFile() && !(directory && st.isDirectory()))
      throw new InvalidArgumentError(`not a file: ${value}`);
    return value;
  };
}

export const existingFile = existingPath(false);

export function choiceArg(choices: readonly string[]) {
  return (value: string): string => {
    if (!choices.includes(value)) throw new InvalidArgumentError(`one of ${choices.join(", ")}.`);
    return value;
  };
}

/** One line of a JSON-lines file; a malformed line is a clear error naming its number. */
export function parseJsonLine(line: string, n: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new YibaoError("JSON_MALFORMED", `line ${n} is not valid JSON`, { field: "file", line: n });
  }
  checkTree(value, `line ${n}`); // no NUL, lone surrogate, over-long text or deep nesting, as over HTTP
  return value;
}

/** `CODE:ACCESSKEY:SECRET`: an institution's gateway key (HMAC), repeatable. */
export function keyArg(value: string, previous: Record<string, { accessKey: string; secret: string }> = {}) {
  const m = /^([A-Za-z0-9]{1,30}):([^:]+):(.+)$/.exec(value);
  if (!m) throw new InvalidArgumentError("a key is CODE:ACCESSKEY:SECRET, e.g. H53010000001:AK...:....");
  return { ...previous, [m[1]!]: { accessKey: m[2]!, secret: m[3]! } };
}

export function rateArg(value: string): number {
  if (!/^\d{1,6}(\.\d{1,3})?$/.test(value) || Number(value) <= 0)
    throw new InvalidArgumentError("a rate is visits per second, more than 0, e.g. 20 or 0.5.");
  return Number(value);
}

export function urlArg(value: string): string {
  if (!/^https?:\/\/[^\s/]+(\/.*)?$/.test(value))
    throw new InvalidArgumentError("a URL is http(s)://host:port, e.g. http://127.0.0.1:3000.");
  return value.replace(/\/+$/, "");
}
