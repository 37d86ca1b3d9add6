import type { Patient, PersonRead } from "./settle.repository.ts";
import type { FeeLineRow, VisitRow } from "./visit.repository.ts";

/**
 * What this process knows of a visit it opened: the visit row at its current version, the
 * patient, the person's accumulators and account as they were at registration, and every live
 * fee line. A HIS sends a visit's messages (2201, 2204, 2207) one after another on its connection,
 * so the next message usually lands on the process that holds the session and needs no read.
 *
 * Safe because nothing is written from a session without the statement's guard checking it is
 * current: the visit's version (which every change of the visit or its lines bumps), the
 * accumulators and the balance. A session is only created and advanced by statements that
 * committed (never inside a transaction), so a version that matches means the lines match. When a
 * guard fails the session is dropped and the message is served from the database.
 *
 * What a session keeps as of registration and the guard does not check: the patient's name,
 * gender, birth date, person type and assistance category. A session lives at most `ttlMs`.
 */
export interface VisitSession {
  visit: VisitRow;
  year: number;
  patient: Patient;
  read: PersonRead;
  lines: FeeLineRow[];
  at: number;
}

export class VisitSessions {
  private readonly sessions = new Map<string, VisitSession>();

  constructor(
    readonly ttlMs = 10 * 60_000,
    private readonly max = 20_000,
  ) {}

  get(mdtrtId: string): VisitSession | undefined {
    const s = this.sessions.get(mdtrtId);
    if (s && performance.now() - s.at > this.ttlMs) {
      this.sessions.delete(mdtrtId);
      return undefined;
    }
    return s;
  }

  open(session: Omit<VisitSession, "at">) {
    if (this.sessions.size >= this.max) {
      // Map keeps insertion order: the oldest go first.
      let n = this.max / 10;
      for (const key of this.sessions.keys()) {
        if (n-- <= 0) break;
        this.sessions.delete(key);
      }
    }
    this.sessions.set(session.visit.mdtrt_id, { ...session, at: performance.now() });
  }

  drop(mdtrtId: string) {
    this.sessions.delete(mdtrtId);
  }

  get size() {
    return this.sessions.size;
  }
}
