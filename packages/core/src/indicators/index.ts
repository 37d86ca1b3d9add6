export * from "./compute.ts";
export * from "./definitions.ts";
