/**
 * A lean HTTP/1.1 keep-alive client for load generation: one socket per simulated HIS client, one
 * request in flight per socket, bodies with Content-Length. The load generator shares the machine
 * with the server and PostgreSQL (as pgbench's client does), so it should cost as little CPU as
 * it can: node:http's client costs about three times as much per request.
 */
import { type Socket, connect } from "node:net";

export class LeanClient {
  private socket: Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (body: string) => void; reject: (e: Error) => void } | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  private open(): Promise<Socket> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    return new Promise((resolve, reject) => {
      const s = connect({ host: this.host, port: this.port, noDelay: true }, () => resolve(s));
      s.on("error", (e) => {
        this.waiting?.reject(e);
        this.waiting = null;
        reject(e);
      });
      s.on("close", () => {
        this.waiting?.reject(new Error("connection closed"));
        this.waiting = null;
        this.socket = null;
      });
      s.on("data", (chunk) => this.onData(chunk));
      this.socket = s;
    });
  }

  private onData(chunk: Buffer) {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const headerEnd = this.buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) return;
    const head = this.buffer.toString("latin1", 0, headerEnd);
    const m = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!m) throw new Error(`response without content-length: ${head}`);
    const end = headerEnd + 4 + Number(m[1]);
    if (this.buffer.length < end) return;
    const body = this.buffer.toString("utf8", headerEnd + 4, end);
    this.buffer = this.buffer.subarray(end);
    const w = this.waiting;
    this.waiting = null;
    w?.resolve(body);
  }

  /** POSTs a JSON text; resolves with the response body text. */
  async post(path: string, json: string): Promise<string> {
    const s = await this.open();
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      s.write(
        `POST ${path} HTTP/1.1\r\nHost: ${this.host}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
      );
    });
  }

  close() {
    this.socket?.destroy();
  }
}
