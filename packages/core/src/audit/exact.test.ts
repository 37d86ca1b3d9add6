import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulToFen, parseScaled } from "../money/index.ts";
import { fen, scaledDecimal } from "./exact.ts";

describe("the audit's exact hot-path operations", () => {
  it("fen(q, p) is mulToFen(q, 4, p, 6)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 14n }),
        (q, p) => {
          expect(fen(q, p)).toBe(mulToFen(q, 4, p, 6));
        },
      ),
    );
    expect(fen(5_000n, 10_000n)).toBe(1n); // 0.5 x 0.01 = 0.005 -> 0.01
  });
  it("reads every unsigned decimal of up to `scale` places as parseScaled does", () => {
    const digits = fc.stringMatching(/^\d{1,20}$/);
    fc.assert(
      fc.property(
        digits,
        fc.option(fc.stringMatching(/^\d{1,6}$/), { nil: undefined }),
        fc.integer({ min: 0, max: 6 }),
        (w, f, scale) => {
          const text = f === undefined ? w : `${w}.${f}`;
          const want = (f?.length ?? 0) <= scale ? parseScaled(text, scale) : null;
          expect(scaledDecimal(text, scale)).toBe(want);
        },
      ),
    );
  });
  it("refuses what is not an unsigned decimal", () => {
    for (const t of ["", "-1", "+1", "1.", ".5", "1..2", "1.2.3", " 1", "1 ", "1e3", "0x10", "1,5", "١"])
      expect(scaledDecimal(t, 4), t).toBeNull();
    expect(scaledDecimal(12, 4)).toBeNull();
    expect(scaledDecimal("10.0", 2, true)).toBeNull();
    expect(scaledDecimal("10.00", 2, true)).toBe(1000n);
  });
});
