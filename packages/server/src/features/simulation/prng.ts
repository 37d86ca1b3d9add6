/** A small seeded PRNG (mulberry32): a simulated region is the same on every machine for a seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof prng>;

const SURNAMES =
  "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
const GIVEN =
  "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文斌宇浩然子涵欣怡梓轩一诺雨桐佳琪俊杰思远晓东春梅海燕丽娟永红建华国庆";

export function personName(r: Rng): string {
  const g = [...GIVEN];
  return r.pick([...SURNAMES]) + r.pick(g) + (r.chance(0.7) ? r.pick(g) : "");
}

/** A seed for the stream of one part of a simulation (a stage, a month, an event), from its names. */
export function streamSeed(seed: number, ...parts: (string | number)[]): number {
  // FNV-1a over the parts, mixed with the run's seed: independent streams that do not depend on
  // the order in which parts of the run are executed (so a resumed run draws the same numbers)
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (const part of parts) {
    const s = String(part);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x2f;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Poisson-distributed count with mean `mean` (Knuth; means here are small, below 3). */
export function poisson(r: Rng, mean: number): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-mean);
  let k = 0;
  let p = r.next();
  while (p > limit) {
    k++;
    p *= r.next();
  }
  return k;
}

/** A log-normal multiplier with median 1 (sigma: the spread of log values). */
export function logNormal(r: Rng, sigma: number): number {
  const u = Math.max(r.next(), 1e-12);
  const v = r.next();
  return Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

/** Picks an index by weights (weights need not sum to 1). */
export function weighted(r: Rng, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let x = r.next() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i]!;
    if (x < 0) return i;
  }
  return weights.length - 1;
}
