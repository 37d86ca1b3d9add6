import { Type } from "typebox";
import { DayOut, Nullable, Page, StringEnum, Timestamp } from "../../http/schemas.ts";

/** The answers of the catalogue and policy routes. */

/** A catalogue entry's restrictions (限定支付范围, catalogue.table.ts), the ones it has. */
const Restrictions = Type.Object({
  sex: Type.Optional(StringEnum(["1", "2"] as const)),
  ageMin: Type.Optional(Type.Number()),
  ageMax: Type.Optional(Type.Number()),
  levels: Type.Optional(Type.Array(StringEnum(["1", "2", "3"] as const))),
  setting: Type.Optional(StringEnum(["inpatient", "outpatient"] as const)),
  maxPerDay: Type.Optional(Type.String({ description: "quantity, decimal" })),
});

/** An entry by its NHSA field names. */
export const CatalogueEntryAnswer = Type.Object({
  med_list_codg: Type.String(),
  name: Type.String(),
  kind: StringEnum(["drug", "service", "material"] as const),
  med_chrgitm_type: Type.String(),
  chrgitm_lv: StringEnum(["01", "02", "03"] as const, "class A, B, C"),
  selfpay_prop: Type.String({ description: "self-pay ratio, 4 decimals" }),
  pric_uplmt_amt: Nullable(Type.String({ description: "price cap in yuan, 6 decimals" })),
  restrictions: Restrictions,
  valid_from: DayOut,
  valid_to: Nullable(DayOut),
});
export const CataloguePage = Page(CatalogueEntryAnswer);

export const CatalogueImportAnswer = Type.Object({ imported: Type.Integer() });

/** A stored policy document (docs/policy.md), as it was stored. */
const PolicyDocument = Type.Object({}, { additionalProperties: true, description: "docs/policy.md" });

/**
 * The region's latest version of a policy; or, when the region has none of its own and inherits
 * its parent's, only `region` and `inherited: true`.
 */
export const PolicyAnswer = Type.Object({
  region: Type.String(),
  year: Type.Optional(Type.Integer()),
  version: Type.Optional(Type.Integer()),
  document: Type.Optional(PolicyDocument),
  createdBy: Type.Optional(Type.String()),
  createdAt: Type.Optional(Timestamp),
  inherited: Type.Optional(Type.Boolean()),
});

export const PolicyVersionAnswer = Type.Object({ version: Type.Integer() });

/** A region's policies of a year, every version, with the one in force marked (the latest). */
export const PolicyVersionsAnswer = Type.Object({
  region: Type.String(),
  year: Type.Integer(),
  items: Type.Array(
    Type.Object({
      insutype: Type.String(),
      medType: Type.String(),
      version: Type.Integer(),
      inForce: Type.Boolean({
        description: "the latest version of its insutype and med_type: the one settled with",
      }),
      inForceSince: Timestamp,
      createdBy: Type.String(),
      document: PolicyDocument,
    }),
  ),
});
