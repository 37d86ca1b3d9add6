export * from "./allocate.ts";
export * from "./liquidation.ts";
export * from "./points.ts";
export * from "./weights.ts";
export * from "./methods.ts";
