import { type CatalogueEntry, type LineContext, classifyLine } from "@yibao/core/catalogue";
import { YibaoError, fieldError } from "@yibao/core/errors";
import {
  PRICE,
  QUANTITY,
  fenToYuan,
  formatScaled,
  mulToFen,
  parseBounded,
  parseRatio,
} from "@yibao/core/money";
import { type CatalogueVersion, versionOn } from "../catalogue/reference.ts";
import type { ExistingLine, FeeLineRow } from "./visit.repository.ts";
import { beijingDay } from "@yibao/core/time";

/** A fee line as uploaded (2204/2301). Class etc. come from the catalogue unless given explicitly. */
export interface FeeLineInput {
  feedetlSn: string;
  /** the visit and patient the line names (NHSA lines carry both), when it names them */
  mdtrtId?: string;
  psnNo?: string;
  code: string;
  name?: string;
  pric: string; // plain decimal, up to 6 decimals
  cnt: string; // plain decimal, up to 4 decimals; negative for a refund of initFeedetlSn
  feeTime: Date;
  initFeedetlSn?: string | null;
  /** det_item_fee_sumamt as the HIS computed it (fen), if it sent one: must equal round(pric x cnt) */
  sentAmount?: bigint;
  catalogClass?: "A" | "B" | "C";
  priceCap?: string | null;
  selfPayFirstRatio?: string | null;
}

/** What classifying an upload's lines one by one keeps track of. */
export interface LineState {
  /** where the lines are in the request, for error fields ("feedetail" for the NHSA messages) */
  path: string;
  versions: Map<string, CatalogueVersion[]>;
  /** live lines by number: those already on the visit, then this upload's as they are made */
  bySn: Map<string, ExistingLine>;
  seen: Set<string>;
  /** quantity already refunded of a line (positive), by the refunded line's number */
  refunded: Map<string, bigint>;
  /** quantity of a code charged on a day: restrictions per day count charged (positive) lines only */
  sameDay: Map<string, bigint>;
  context: Omit<LineContext, "quantitySameDay">;
  /** the treatment region: its own catalogue entries come before the shared ones */
  region: string | null;
}

export function lineState(
  path: string,
  existing: ExistingLine[],
  versions: Map<string, CatalogueVersion[]>,
  context: LineState["context"],
  region: string | null = null,
): LineState {
  const st: LineState = {
    path,
    versions,
    region,
    bySn: new Map(existing.map((l) => [l.feedetl_sn, l])),
    seen: new Set(),
    refunded: new Map(),
    sameDay: new Map(),
    context,
  };
  for (const l of existing) {
    // A refund gives back what was charged; it does not make room for more that day.
    if (l.quantity > 0n) addSameDay(st.sameDay, l.code, l.fee_time, l.quantity);
    if (l.init_feedetl_sn !== null)
      st.refunded.set(l.init_feedetl_sn, (st.refunded.get(l.init_feedetl_sn) ?? 0n) - l.quantity);
  }
  return st;
}

function addSameDay(sameDay: Map<string, bigint>, code: string, t: Date, qty: bigint) {
  const key = `${code}|${beijingDay(t)}`;
  const n = (sameDay.get(key) ?? 0n) + qty;
  sameDay.set(key, n);
  return n;
}

interface Classification {
  name: string | null; // the catalogue's name of the item, when the HIS sends none
  catalogClass: "A" | "B" | "C";
  chrgitmType: string | null;
  priceCap: bigint | null;
  selfPayFirstRatio: bigint | null;
  restrictedReason: string | null;
}

/** A refund is paid exactly as the line it refunds: same class, cap, self-pay share and reason. */
const inherited = (orig: ExistingLine): Classification => ({
  name: null,
  catalogClass: orig.class,
  chrgitmType: orig.chrgitm_type,
  priceCap: orig.price_cap,
  selfPayFirstRatio: orig.self_pay_ratio === null ? null : BigInt(orig.self_pay_ratio),
  restrictedReason: orig.restricted_reason,
});

/** A charged line: classified as given (tools, conformance), or by the catalogue of its fee day. */
function charged(l: FeeLineInput, f: string, quantity: bigint, st: LineState): Classification {
  if (l.catalogClass) {
    return {
      name: null,
      catalogClass: l.catalogClass,
      chrgitmType: null,
      priceCap: l.priceCap ? parseBounded(l.priceCap, PRICE, `${f}.priceCap`) : null,
      selfPayFirstRatio: l.selfPayFirstRatio
        ? parseRatio(l.selfPayFirstRatio, `${f}.selfPayFirstRatio`)
        : null,
      restrictedReason: null,
    };
  }
  const entry: CatalogueEntry | null = versionOn(st.versions.get(l.code), beijingDay(l.feeTime), st.region);
  const quantitySameDay = addSameDay(st.sameDay, l.code, l.feeTime, quantity); // this line included
  return { name: entry?.name ?? null, ...classifyLine(entry, { ...st.context, quantitySameDay }) };
}

/**
 * The line a refund (negative cnt) gives back, checked: it names a live charged line of the visit
 * (init_feedetl_sn) of the same item at the same price, and all refunds of that line together,
 * across uploads and within this one, stay within its quantity.
 */
function refunded(l: FeeLineInput, f: string, price: bigint, quantity: bigint, st: LineState): ExistingLine {
  if (!l.initFeedetlSn)
    throw new YibaoError("SETL_REFUND_UNLINKED", "A negative cnt is a refund: init_feedetl_sn is required", {
      field: `${f}.cnt`,
    });
  if (quantity >= 0n)
    throw new YibaoError("SETL_REFUND_UNLINKED", "A refund line (init_feedetl_sn) needs a negative cnt", {
      field: `${f}.cnt`,
    });
  const orig = st.bySn.get(l.initFeedetlSn);
  if (!orig)
    throw new YibaoError("SETL_FEE_LINE_UNKNOWN", `Refund of unknown line ${l.initFeedetlSn}`, {
      field: `${f}.init_feedetl_sn`,
    });
  const mismatch = (field: string, message: string) =>
    new YibaoError("SETL_REFUND_MISMATCH", message, { field: `${f}.${field}` });
  if (orig.init_feedetl_sn !== null || orig.quantity < 0n)
    throw mismatch("init_feedetl_sn", `Line ${l.initFeedetlSn} is itself a refund`);
  if (orig.code !== l.code)
    throw mismatch("med_list_codg", `Line ${l.initFeedetlSn} is of item ${orig.code}`);
  if (orig.price !== price)
    throw mismatch("pric", `Line ${l.initFeedetlSn} was charged at ${formatScaled(orig.price, 6)}`);
  const before = st.refunded.get(l.initFeedetlSn) ?? 0n;
  if (before - quantity > orig.quantity) {
    const refundable = formatScaled(orig.quantity - before, 4);
    throw new YibaoError(
      "SETL_REFUND_EXCEEDS",
      `Only ${refundable} of line ${l.initFeedetlSn} is left to refund`,
      {
        field: `${f}.cnt`,
        refundable,
      },
    );
  }
  st.refunded.set(l.initFeedetlSn, before - quantity);
  return orig;
}

/** One uploaded line as stored: checked, priced and classified (a refund like the line it refunds). */
export function lineRow(l: FeeLineInput, i: number, st: LineState): FeeLineRow {
  const f = `${st.path}.${i}`;
  if (st.bySn.has(l.feedetlSn) || st.seen.has(l.feedetlSn))
    throw new YibaoError("SETL_FEE_LINE_DUPLICATE", `Line ${l.feedetlSn} exists`, {
      field: `${f}.feedetl_sn`,
    });
  st.seen.add(l.feedetlSn);
  const price = parseBounded(l.pric, PRICE, `${f}.pric`);
  if (price < 0n) throw fieldError("AMOUNT_NEGATIVE", `${f}.pric`);
  const quantity = parseBounded(l.cnt, QUANTITY, `${f}.cnt`);
  const isRefund = quantity < 0n || Boolean(l.initFeedetlSn);
  const orig = isRefund ? refunded(l, f, price, quantity, st) : null;
  const cls = orig ? inherited(orig) : charged(l, f, quantity, st);
  const amount = mulToFen(price, 6, quantity, 4);
  if (l.sentAmount !== undefined && l.sentAmount !== amount) {
    throw new YibaoError(
      "SETL_LINE_AMOUNT_MISMATCH",
      `det_item_fee_sumamt ${fenToYuan(l.sentAmount)} is not pric x cnt = ${fenToYuan(amount)}`,
      { field: `${f}.det_item_fee_sumamt`, expected: fenToYuan(amount) },
    );
  }
  const row: FeeLineRow = {
    feedetl_sn: l.feedetlSn,
    init_feedetl_sn: orig ? l.initFeedetlSn! : null,
    code: l.code,
    name: l.name ?? cls.name,
    class: cls.catalogClass,
    chrgitm_type: cls.chrgitmType,
    price,
    quantity,
    price_cap: cls.priceCap,
    self_pay_ratio: cls.selfPayFirstRatio === null ? null : Number(cls.selfPayFirstRatio),
    amount,
    fee_time: l.feeTime,
    restricted_reason: cls.restrictedReason,
  };
  st.bySn.set(row.feedetl_sn, row); // a later line of this upload may refund it
  return row;
}
