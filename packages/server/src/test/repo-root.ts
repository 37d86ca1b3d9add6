import { fileURLToPath } from "node:url";

/** The repository's root, found from this file (tests run from any directory and in any clone). */
export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
