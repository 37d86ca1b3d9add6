export * from "./clearing.ts";
export * from "./filing.ts";
export * from "./out-of-region.ts";
export * from "./divisions.ts";
