export * from "./bounded.ts";
export * from "./decimal.ts";
export * from "./money.ts";
