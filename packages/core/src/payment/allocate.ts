/**
 * Splits an amount of fen over shares in proportion, exactly: each gets the floor of its share and
 * the leftover fen go one by one to the largest remainders (ties by order), so the parts always sum
 * to the total. Deterministic: the same inputs give the same split.
 */
export function allocate(total: bigint, shares: bigint[]): bigint[] {
  const sum = shares.reduce((s, x) => s + x, 0n);
  if (sum === 0n) return shares.map(() => 0n);
  const parts = shares.map((s) => (total * s) / sum);
  const remainders = shares.map((s, i) => ({ i, r: (total * s) % sum }));
  let left = total - parts.reduce((s, x) => s + x, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0n) break;
    parts[i]! += 1n;
    left -= 1n;
  }
  return parts;
}
