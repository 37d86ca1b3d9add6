import type { InjectOptions } from "fastify";
import { expect } from "vitest";
import type { TestApp } from "./test-app.ts";

/**
 * Matchers for the answers tests (features/x/x.answers.test.ts). Those tests compare whole answers
 * with `toStrictEqual`, so a property the route's response schema forgets to name (and Fastify
 * therefore leaves out) fails them, as does one it adds.
 */
export const anId = expect.stringMatching(/^\d{1,18}$/);
export const aTime = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
export const aDay = expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/);
export const aCursor = expect.stringMatching(/^[A-Za-z0-9_-]+$/);

/** A request's answer: its status and parsed body. */
export async function answer(t: TestApp, options: InjectOptions) {
  const res = await t.app.inject(options);
  return { status: res.statusCode, body: res.json(), raw: res.body };
}
