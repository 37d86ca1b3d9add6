/**
 * Random inspections (双随机、一公开): institutions to inspect and the inspectors of each drawn at
 * random, reproducibly from a published seed: anyone with the seed and the two lists (in any order)
 * draws the same result. Pure: the generator is splitmix32 seeded by the FNV-1a hash of the seed.
 */
export interface InspectionDraw {
  seed: string;
  teams: { institution: string; inspectors: string[] }[];
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A generator of 32-bit values from a seed (splitmix32). */
export function seededRandom(seed: string): () => number {
  let state = hash(seed);
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** The first `n` of a Fisher-Yates shuffle of the sorted, distinct items. */
function pick(items: readonly string[], n: number, next: () => number): string[] {
  const a = [...new Set(items)].sort();
  const k = Math.min(n, a.length);
  for (let i = 0; i < k; i++) {
    const j = i + (next() % (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

/**
 * Draws `count` institutions and, for each, `perTeam` distinct inspectors (an inspector may serve
 * several teams). RangeError when there are fewer inspectors than a team needs.
 */
export function drawInspections(
  seed: string,
  institutions: readonly string[],
  inspectors: readonly string[],
  count: number,
  perTeam: number,
): InspectionDraw {
  if (new Set(inspectors).size < perTeam) throw new RangeError("fewer inspectors than a team needs");
  const next = seededRandom(seed);
  const drawn = pick(institutions, count, next);
  return {
    seed,
    teams: drawn.map((institution) => ({ institution, inspectors: pick(inspectors, perTeam, next) })),
  };
}
