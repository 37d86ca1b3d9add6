import { readFileSync } from "node:fs";
import { type Command, InvalidArgumentError } from "commander";
import { systemClock } from "../../clock.ts";
import { existingPath, keyArg, positiveIntArg, rateArg, urlArg } from "../args.ts";
import { progressBar } from "../progress.ts";

const KUNMING = "530100";
const YUXI = "530400";
/** The demo's Kunming hospitals (demo/0100_registry.seed.ts), in the order his-sim takes them. */
const KUNMING_HOSPITALS = Array.from({ length: 16 }, (_, i) => `H530100000${String(i + 1).padStart(2, "0")}`);

/**
 * Patients of a file: one a line, `insured_region,cert_type,cert_no` (cert_type 02 ID number, 03
 * card number); blank lines and lines starting with # are skipped.
 */
function personsOf(file: string) {
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l, i) => {
      const [region, type, no] = l.split(",");
      if (!/^\d{6}$/.test(region ?? "") || (type !== "02" && type !== "03") || !no)
        throw new InvalidArgumentError(`${file} line ${i + 1}: expected insured_region,02|03,cert_no`);
      return { insuredRegion: region!, certType: type as "02" | "03", certNo: no };
    });
}

export function register(program: Command) {
  program
    .command("his-sim")
    .description(
      "play hospitals against a running server over the NHSA interface only (docs/nhsa.md#his-simulator): sign-in, person lookup, admission, fee lines, pre-settlement, settlement, some line cancels and reversals, out-of-region patients, 3201/3202 at the end, sign-out; a progress line, then the answers by infno and infcode",
    )
    .requiredOption("--url <url>", "the server, e.g. http://127.0.0.1:3000", urlArg)
    .option(
      "--institutions <n>",
      "hospitals to play (the demo's Kunming hospitals, then Yuxi's)",
      positiveIntArg(19),
      4,
    )
    .option("--rate <r>", "visits started per second, over all hospitals", rateArg, 10)
    .option("--duration <s>", "seconds to start visits for", positiveIntArg(86_400), 30)
    .option("--concurrency <n>", "visits in flight at most", positiveIntArg(4096), 64)
    .option(
      "--key <code:access:secret>",
      "an institution's gateway key (HMAC); repeat per institution",
      keyArg,
    )
    .option(
      "--persons <file>",
      "patients, one a line: insured_region,02|03,cert_no (default: the demo's Kunming and Yuxi insured)",
      existingPath(),
    )
    .option("--codes <list>", "fee line codes, comma-separated (default: self-pay codes)", "XSELF1,XSELF2")
    .action(
      async (o: {
        url: string;
        institutions: number;
        rate: number;
        duration: number;
        concurrency: number;
        key?: Record<string, { accessKey: string; secret: string }>;
        persons?: string;
        codes: string;
      }) => {
        const { runHisSim, summaryLines } = await import("../../his-sim/sim.ts");
        let persons: { insuredRegion: string; certType: "02" | "03"; certNo: string }[];
        if (o.persons) persons = personsOf(o.persons);
        else {
          const { demoCredentials } = await import("../../demo/0100_registry.seed.ts");
          const { demoYuxiCertnos } = await import("../../demo/0650_second_region.seed.ts");
          persons = [
            ...demoCredentials().map((c, i) => ({
              insuredRegion: KUNMING,
              certType: i % 2 === 0 ? ("02" as const) : ("03" as const),
              certNo: i % 2 === 0 ? c.certno : c.cardNo,
            })),
            ...demoYuxiCertnos().map((certNo) => ({ insuredRegion: YUXI, certType: "02" as const, certNo })),
          ];
        }
        const { YUXI_HOSPITALS } = await import("../../demo/0650_second_region.seed.ts");
        const codes = [
          ...KUNMING_HOSPITALS.map((c) => ({ code: c, region: KUNMING })),
          ...YUXI_HOSPITALS.map((c) => ({ code: c, region: YUXI })),
        ];
        const institutions = codes.slice(0, o.institutions).map((i) => ({ ...i, key: o.key?.[i.code] }));
        const planned = Math.ceil(o.rate * o.duration);
        const bar = progressBar(`his-sim ${o.url}`, planned);
        const summary = await runHisSim({
          transport: async (path, body, headers) => {
            const res = await fetch(`${o.url}${path}`, { method: "POST", body, headers });
            return { status: res.status, body: await res.text() };
          },
          institutions,
          persons,
          rate: o.rate,
          durationS: o.duration,
          concurrency: o.concurrency,
          codes: o.codes.split(",").filter(Boolean),
          now: systemClock,
          onVisit: (done) => bar.update(done),
        });
        bar.stop();
        for (const line of summaryLines(summary)) console.log(line);
        if (summary.failures.length > 0 || summary.imbalances.length > 0) process.exitCode = 1;
      },
    );
}
