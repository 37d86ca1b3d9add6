export * from "./params.ts";
export * from "./rules.ts";
