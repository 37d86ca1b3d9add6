import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type SupplyFrontier, addToFrontier, latestEnd } from "./history.ts";

describe("supply frontier (drug-repeat-across-visits)", () => {
  it("answers the largest date + days among supplies dated on or before a day, like a full scan", () => {
    const supply = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 40 }));
    fc.assert(
      fc.property(
        fc.array(supply, { maxLength: 30 }),
        fc.array(fc.integer({ min: -5, max: 70 }), { maxLength: 20 }),
        (supplies, queries) => {
          const f: SupplyFrontier = [];
          for (const [day, days] of supplies) addToFrontier(f, day, day + days);
          for (const q of queries) {
            const ends = supplies.filter(([d]) => d <= q).map(([d, n]) => d + n);
            expect(latestEnd(f, q)).toBe(ends.length ? Math.max(...ends) : null);
          }
        },
      ),
    );
  });
});
