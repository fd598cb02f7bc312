/**
 * Seeded randomness for simulations and synthetic logs: the domain never calls Math.random, so runs repeat exactly.
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** mulberry32: a 32-bit seeded generator, small and fast; plenty for simulation (not for cryptography). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Index drawn from a discrete distribution (weights need not sum to 1). */
export function pick(random: Random, weights: readonly number[]): number {
  const total = weights.reduce((sum, x) => sum + x, 0);
  let u = random() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] ?? 0;
    if (u < 0) return i;
  }
  return weights.length - 1;
}
