import { fileURLToPath } from "node:url";

/**
 * The public conformance suites, as copied into the repository (`conformance/`, kept equal to
 * ../shared/conformance by CI). Found from this file's location, so tests run from any directory
 * and in a clone with nothing beside it.
 */
export const suitePath = (...parts: string[]) =>
  fileURLToPath(new URL(`../../../conformance/${parts.join("/")}`, import.meta.url));
