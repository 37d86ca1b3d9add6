import { fen } from "../exact.ts";
import type { VisitContext } from "../context.ts";
import { ageOn } from "../dates.ts";
import type { Item } from "../kb-types.ts";
import type { FeeLine } from "../visit.ts";
import type { Emit, RuleCheck } from "./types.ts";

/**
 * Per-line limits of an item (AUDIT-CONTRACT section 5, "per line": one finding per offending
 * line, citing it, amount amt(L) unless stated). Unknown lines are skipped (section 4).
 */
function perKnownLine(test: (item: Item, line: FeeLine, ctx: VisitContext) => string | null): RuleCheck {
  return (ctx: VisitContext, emit: Emit) => {
    for (let i = 0; i < ctx.lines.length; i++) {
      const item = ctx.items[i];
      if (!item) continue;
      const line = ctx.lines[i]!;
      const why = test(item, line, ctx);
      if (why !== null) emit([i], line.amount, why);
    }
  };
}

/** price > price_cap; the amount is only the excess, fen(qty, price − price_cap). */
export const priceOverCap: RuleCheck = (ctx, emit) => {
  for (let i = 0; i < ctx.lines.length; i++) {
    const item = ctx.items[i];
    const line = ctx.lines[i]!;
    if (item?.priceCap == null || line.price <= item.priceCap) continue;
    emit(
      [i],
      fen(line.qty, line.price - item.priceCap),
      `price ${line.priceText} above cap ${item.priceCapText}`,
    );
  }
};

export const sexRestrictedItem = perKnownLine((item, _l, ctx) =>
  item.sex !== null && item.sex !== ctx.visit.person.gend
    ? `item for sex ${item.sex}, person ${ctx.visit.person.gend}`
    : null,
);

/** Age on the line's date, in completed years; min_age and max_age are inclusive. */
export const ageRestrictedItem = perKnownLine((item, line, ctx) => {
  if (item.minAge === null && item.maxAge === null) return null;
  const age = ageOn(ctx.visit.person.brdy, line.date);
  if (item.minAge !== null && age < item.minAge) return `age ${age} below ${item.minAge}`;
  if (item.maxAge !== null && age > item.maxAge) return `age ${age} above ${item.maxAge}`;
  return null;
});

export const levelRestrictedItem = perKnownLine((item, _l, ctx) =>
  item.levels && !item.levels.has(ctx.visit.institution.level)
    ? `level ${ctx.visit.institution.level} not allowed`
    : null,
);

/** Also how maternity-only items (限生育保险: med_types 51|52) are reported. */
export const medTypeRestrictedItem = perKnownLine((item, _l, ctx) =>
  item.medTypes && !item.medTypes.has(ctx.visit.medType) ? `med_type ${ctx.visit.medType} not allowed` : null,
);

/** A dept entry p admits the dept p itself and its sub-departments p.xx (not "A03" for "A030"). */
export const deptRestrictedItem = perKnownLine((item, _l, ctx) => {
  if (!item.depts) return null;
  const dept = ctx.visit.dept;
  return item.depts.some((p) => dept === p || dept.startsWith(p + ".")) ? null : `dept ${dept} not allowed`;
});

/** Any diagnosis of the visit, in any position, may carry the indication. */
export const indicationNotMet = perKnownLine((item, _l, ctx) => {
  if (!item.indications) return null;
  const dx = ctx.visit.diagnoses;
  return item.indications.some((p) => dx.some((d) => d.startsWith(p)))
    ? null
    : `no diagnosis in ${item.indications.join("|")}`;
});

/** A material (or service) that needs one of `requires` charged in the same visit. */
export const materialWithoutProcedure = perKnownLine((item, _l, ctx) =>
  item.requires && !item.requires.some((c) => ctx.knownByCode.has(c))
    ? `none of ${item.requires.join("|")} charged`
    : null,
);

export const unknownItem: RuleCheck = (ctx, emit) => {
  for (let i = 0; i < ctx.lines.length; i++) {
    if (ctx.items[i]) continue;
    const line = ctx.lines[i]!;
    emit([i], line.amount, `${line.code} is not in the knowledge base`);
  }
};
