import { parseKeepingDecimals } from "@yibao/core/nhsa";

/**
 * A gateway answer as a test reads it: amounts, prices and quantities come on the wire as JSON
 * numbers with their exact digits (`480.00`); this reads them back as the decimal strings they
 * were written from, so a test compares exact decimals (480.00, not 480).
 */
// biome-ignore lint/suspicious/noExplicitAny: answers are read like res.json(), field by field
export function nhsaAnswer(res: { body: string }): any {
  return parseKeepingDecimals(res.body);
}
