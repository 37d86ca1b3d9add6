export * from "./catalog.ts";
export * from "./code-def.ts";
export * from "./error.ts";
