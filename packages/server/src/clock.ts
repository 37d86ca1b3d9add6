/**
 * The wall clock, read here and nowhere else: the server, the CLI and the jobs pass it on as an
 * injected `now` (AppDeps.now, a command's clock), so tests fix time and every "today" is the
 * Beijing day of that injected instant (core/time).
 */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
