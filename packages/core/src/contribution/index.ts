export * from "./params.ts";
export * from "./rules.ts";
export * from "./overdue.ts";
