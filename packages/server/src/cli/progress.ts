import cliProgress from "cli-progress";

/** A progress bar on stderr for long jobs (imports, grouping, liquidation); silent when not a TTY. */
export function progressBar(label: string, total: number) {
  if (!process.stderr.isTTY) {
    let last = 0;
    return {
      update(n: number) {
        // Without a terminal, print a line every 10%.
        if (total > 0 && Math.floor((n * 10) / total) > last) {
          last = Math.floor((n * 10) / total);
          process.stderr.write(`${label}: ${n}/${total}\n`);
        }
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total} eta {eta}s`, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (n: number) => bar.update(n), stop: () => bar.stop() };
}
