import { isYibaoError } from "@yibao/core/errors";
import { describe, expect, it } from "vitest";
import { checkTree } from "./input-guard.ts";

/** The code and field checkTree refuses a tree with, or null when it passes. */
function refusal(tree: unknown, json = true): { code: string; field: unknown } | null {
  try {
    checkTree(tree, "", json);
    return null;
  } catch (err) {
    if (!isYibaoError(err)) throw err;
    return { code: err.code, field: err.details?.field };
  }
}

/** A tree 3 levels deep with `leaf` at input.data.lines.1.<key>. */
const deep = (key: string, leaf: unknown) => {
  const line: Record<string, unknown> = { a: "x" };
  Object.defineProperty(line, key, { value: leaf, enumerable: true, writable: true, configurable: true });
  return { infno: "2204", input: { data: { lines: [{ a: "ok" }, line] } } };
};

describe("checkTree (the input guard's walk)", () => {
  it("passes ordinary trees, surrogate pairs, and the long texts allowed where they are", () => {
    expect(refusal(deep("b", "张三 😀 480.00"))).toBeNull();
    expect(refusal({ input: { fsUploadIn: { in: "A".repeat(20_000) } } })).toBeNull();
    expect(refusal(deep("constructor", "x"))).toBeNull();
    expect(refusal(deep("constructor", { name: "x" }))).toBeNull();
    expect(refusal(deep("__proto__", 1), false)).toBeNull(); // not a JSON body: no forbidden keys
  });

  it("refuses by the field's whole path, deep in the tree", () => {
    expect(refusal(deep("b", "a\u0000b"))).toEqual({ code: "TEXT_INVALID", field: "input.data.lines.1.b" });
    expect(refusal(deep("b", "a\ud800b"))).toEqual({ code: "TEXT_INVALID", field: "input.data.lines.1.b" });
    expect(refusal(deep("b", "\udc00"))).toEqual({ code: "TEXT_INVALID", field: "input.data.lines.1.b" });
    expect(refusal(deep("k\u0000", "x"))).toEqual({
      code: "TEXT_INVALID",
      field: "input.data.lines.1.k\u0000",
    });
    expect(refusal(deep("k".repeat(201), "x"))?.code).toBe("TEXT_TOO_LONG");
    expect(refusal(deep("b", "x".repeat(10_001)))).toEqual({
      code: "TEXT_TOO_LONG",
      field: "input.data.lines.1.b",
    });
    expect(refusal({ input: { other: "A".repeat(10_001) } })?.field).toBe("input.other");
    expect(refusal(deep("b", Number.POSITIVE_INFINITY))).toEqual({
      code: "NUMBER_OUT_OF_RANGE",
      field: "input.data.lines.1.b",
    });
    let nested: unknown = "leaf";
    for (let i = 0; i < 40; i++) nested = [nested];
    expect(refusal({ input: nested })?.code).toBe("NESTING_TOO_DEEP");
  });

  it("refuses __proto__ and a constructor holding a prototype in JSON bodies", () => {
    expect(refusal(deep("__proto__", { admin: true }))).toEqual({
      code: "JSON_MALFORMED",
      field: "input.data.lines.1.__proto__",
    });
    expect(refusal(JSON.parse('{"__proto__": 1}'))).toEqual({ code: "JSON_MALFORMED", field: "__proto__" });
    expect(refusal(deep("constructor", { prototype: {} }))).toEqual({
      code: "JSON_MALFORMED",
      field: "input.data.lines.1.constructor",
    });
  });
});
