export * from "./beijing.ts";
export * from "./calendar.ts";
