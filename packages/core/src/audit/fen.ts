import type { Fen } from "../money/index.ts";

/**
 * fen(q, p) of the contract: a quantity (scale 4) times a unit price (scale 6), exactly, rounded
 * half up to the fen. Both are non-negative in a valid visit, so half up is floor(x + ½); this is
 * mulToFen(q, 4, p, 6) without its general-scale work, as it runs for every fee line.
 */
const SCALE = 100_000_000n; // 10^(4 + 6 − 2)
const HALF = 50_000_000n;

export const fen = (qty: bigint, price: bigint): Fen => (qty * price + HALF) / SCALE;
