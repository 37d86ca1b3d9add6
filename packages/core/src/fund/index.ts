export * from "./funds.ts";
export * from "./projection.ts";
export * from "./summary.ts";
