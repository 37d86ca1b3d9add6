export * from "./certno.ts";
export * from "./schemes.ts";
export * from "./uscc.ts";
export * from "./card.ts";
export * from "./agreements.ts";
