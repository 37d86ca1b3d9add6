export * from "./dip.ts";
