export * from "./credit.ts";
export * from "./inspection.ts";
