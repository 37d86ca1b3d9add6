import { readFileSync } from "node:fs";
import { type Command, InvalidArgumentError } from "commander";
import { systemClock } from "../../clock.ts";
import { existingPath, keyArg, positiveIntArg, rateArg, urlArg } from "../args.ts";
import { progressBar } from "../progress.ts";

const KUNMING = "530100";
const YUXI = "530400";

/** A patient as the command line takes it: 01 means "shows an e-voucher", got with the ID number. */
export interface CliPerson {
  insuredRegion: string;
  certType: "01" | "02" | "03";
  certNo: string;
}

/**
 * Patients of a file: one a line, `insured_region,cert_type,cert_no` (cert_type 02 ID number, 03
 * card number, 01 e-voucher: cert_no is then the ID number the patient's app signs in with);
 * blank lines and lines starting with # are skipped.
 */
function personsOf(file: string): CliPerson[] {
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l, i) => {
      const [region, type, no] = l.split(",");
      if (!/^\d{6}$/.test(region ?? "") || (type !== "01" && type !== "02" && type !== "03") || !no)
        throw new InvalidArgumentError(`${file} line ${i + 1}: expected insured_region,01|02|03,cert_no`);
      return { insuredRegion: region!, certType: type, certNo: no };
    });
}

/** A share of patients, 0 to 1. */
function shareArg(value: string): number {
  if (!/^(0(\.\d{1,3})?|1(\.0{1,3})?)$/.test(value))
    throw new InvalidArgumentError("a share is 0 to 1, e.g. 0.25.");
  return Number(value);
}

/**
 * The demo's insured: Kunming's met by ID number and by card in turn, Yuxi's by ID number; a
 * `share` of them, spread evenly, show an e-voucher instead (their app signs in with the ID number).
 */
function demoPersons(
  kunming: { certno: string; cardNo: string }[],
  yuxi: string[],
  share: number,
): CliPerson[] {
  const all = [
    ...kunming.map((c, i) => ({
      insuredRegion: KUNMING,
      certno: c.certno,
      card: i % 2 === 0 ? null : c.cardNo,
    })),
    ...yuxi.map((certno) => ({ insuredRegion: YUXI, certno, card: null })),
  ];
  return all.map((p, i) => {
    if (Math.floor((i + 1) * share) > Math.floor(i * share))
      return { insuredRegion: p.insuredRegion, certType: "01", certNo: p.certno };
    return p.card
      ? { insuredRegion: p.insuredRegion, certType: "03", certNo: p.card }
      : { insuredRegion: p.insuredRegion, certType: "02", certNo: p.certno };
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
      positiveIntArg(64),
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
    .option(
      "--e-vouchers <share>",
      "the share of the demo's insured who show an e-voucher (01), got through the online services as their phone would; needs --code-log",
      shareArg,
      0,
    )
    .option(
      "--code-log <file>",
      "the demo server's log file, where it prints the one-time sign-in codes (yibao serve --demo > server.log)",
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
        eVouchers: number;
        codeLog?: string;
        codes: string;
      }) => {
        const { runHisSim, summaryLines } = await import("../../his-sim/sim.ts");
        const { eVoucherSource, logCodeReader, serialiser } = await import("../../his-sim/evoucher.ts");
        let persons: CliPerson[];
        if (o.persons) persons = personsOf(o.persons);
        else {
          const { demoCredentials } = await import("../../demo/demo-region.ts");
          const { demoYuxiCertnos } = await import("../../demo/0650_second_region.seed.ts");
          persons = demoPersons(demoCredentials(), demoYuxiCertnos(), o.eVouchers);
        }
        const transport = async (path: string, body: string, headers: Record<string, string>) => {
          const res = await fetch(`${o.url}${path}`, { method: "POST", body, headers });
          return { status: res.status, body: await res.text() };
        };
        const withVoucher = persons.filter((p) => p.certType === "01");
        if (withVoucher.length > 0 && !o.codeLog)
          throw new InvalidArgumentError(
            "patients with an e-voucher (01) sign in to the online services: give --code-log, the demo server's log",
          );
        const codeOf = o.codeLog ? logCodeReader(o.codeLog) : undefined;
        const signIn = serialiser();
        const simPersons = persons.map((p) =>
          p.certType === "01" && codeOf
            ? { ...p, certNo: eVoucherSource(transport, p.certNo, codeOf, signIn) }
            : p,
        );
        const { YUXI_HOSPITALS } = await import("../../demo/0650_second_region.seed.ts");
        const { demoHospitals } = await import("../../demo/demo-region.ts");
        const codes = [
          ...demoHospitals().map((c) => ({ code: c, region: KUNMING })),
          ...YUXI_HOSPITALS.map((c) => ({ code: c, region: YUXI })),
        ];
        const institutions = codes.slice(0, o.institutions).map((i) => ({ ...i, key: o.key?.[i.code] }));
        const planned = Math.ceil(o.rate * o.duration);
        const bar = progressBar(`his-sim ${o.url}`, planned);
        const summary = await runHisSim({
          transport,
          institutions,
          persons: simPersons,
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
