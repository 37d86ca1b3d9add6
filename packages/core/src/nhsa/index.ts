export * from "./amounts.ts";
export * from "./envelope.ts";
