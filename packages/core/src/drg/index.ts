export * from "./group.ts";
export * from "./load.ts";
export * from "./scheme.ts";
