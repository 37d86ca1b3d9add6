export * from "./mask.ts";
export * from "./credential.ts";
