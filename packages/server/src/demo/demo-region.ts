import { regionInstitutions } from "../features/simulation/institutions.ts";
import { generatePopulation } from "../features/simulation/population.ts";
import { profileOf } from "../features/simulation/profiles.ts";
import { personIdentity } from "../features/simulation/registry.stage.ts";

/**
 * The demo region: Kunming (昆明市, 530100) simulated for 2026, the year the console opens on,
 * January to November (the year so far: nothing dated after the demo's today, so a hospital's
 * reconciliation of today, 3201/3202, meets only its own settlements; the year-end liquidation is
 * not run), at a scale that loads in well under a minute on the embedded database
 * (docs/simulation.md#the-demo).
 */
export const DEMO_SIMULATION = {
  region: "530100",
  insured: 5000,
  year: 2026,
  seed: 2026,
  months: 11,
} as const;
export const DEMO_REGION = DEMO_SIMULATION.region;
export const DEMO_ADMIN = { login: "admin", password: "yibao-demo-admin" };

const demo = () => {
  const s = DEMO_SIMULATION;
  const profile = profileOf(s.region);
  return { s, profile, population: generatePopulation(s.seed, profile, s.insured, s.year) };
};

/**
 * The demo's Kunming insured who are still there at the end of the year (not died, not moved
 * away): ID number and social security card number, as the simulator registers them. Pure: his-sim
 * meets the demo's patients without reading the database.
 */
export function demoCredentials(): { certno: string; cardNo: string }[] {
  const { s, profile, population: p } = demo();
  const out: { certno: string; cardNo: string }[] = [];
  for (let i = 0; i < p.base; i++) {
    if (p.deathDay[i] !== 0 || p.leaveDay[i] !== 0) continue;
    const county = profile.counties[p.county[i]!]!;
    out.push({ certno: p.certno[i]!, cardNo: personIdentity(s.seed, profile, i, county, false).card });
  }
  return out;
}

/** The demo's Kunming hospitals (not the pharmacies), in code order. */
export function demoHospitals(): string[] {
  const { s, profile } = demo();
  return regionInstitutions(s.seed, profile, s.insured)
    .filter((i) => i.kind !== "pharmacy")
    .map((i) => i.code)
    .sort();
}
