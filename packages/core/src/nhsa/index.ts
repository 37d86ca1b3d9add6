export * from "./amounts.ts";
export * from "./envelope.ts";
export * from "./wire.ts";
export * from "./reconcile.ts";
