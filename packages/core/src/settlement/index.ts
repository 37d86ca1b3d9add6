export * from "./engine.ts";
export * from "./format.ts";
export * from "./line.ts";
export * from "./med-type.ts";
export * from "./parse.ts";
export * from "./reverse.ts";
export * from "./types.ts";
export * from "./vectors.ts";
