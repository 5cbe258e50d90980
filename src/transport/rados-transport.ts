import { commandJsonText } from '../ceph/command-args.js';
import { type ChildProcess, spawn } from 'node:child_process';
import { refusalLine } from '../ceph/errno-name.js';
import { clusterError } from '../errors.js';
import type { ConnectionOptions } from './connection-options.js';
import { RADOS_HELPER_SOURCE } from './rados-helper-source.js';
import { targetName, type CephCommand, type CephReply, type CephTarget, type CephTransport } from './transport.js';

/**
 * Starts the helper with the interpreter of `ceph`'s own shebang (a venv python may not see python3-rados), falling
 * back to `python3`. This fixed script is the only text a shell parses; the source and the config are arguments.
 */
const BOOT =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a fixed shell script, not a template
  'c=$(command -v ceph 2>/dev/null) && read -r l < "$c" && case "$l" in "#!"*) i=${l#??};; esac; exec ${i:-python3} -u -c "$1" "$2"';

interface Pending {
  resolve: (r: CephReply) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  what: string;
}

/** Why the helper could not be started: no python3-rados (the caller may fall back to the CLI) or anything else. */
export class HelperStartError extends Error {
  constructor(
    readonly reason: 'no-rados' | 'connect' | 'spawn' | 'exited',
    message: string,
  ) {
    super(message);
  }
}

/** The persistent python3-rados helper: one librados handle, JSON-line requests, replies matched by id. */
export class RadosTransport implements CephTransport {
  readonly kind = 'rados';
  fsid = '';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private buf: Buffer = Buffer.alloc(0);
  private header: { id: number; rc: number; status: string; len: number; event?: string } | undefined;
  private stderr = '';
  private dead: Error | undefined;
  private onReady: ((fsid: string) => void) | undefined;
  private onStartFail: ((e: HelperStartError) => void) | undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly timeoutMs: number,
  ) {}

  static start(c: ConnectionOptions): Promise<RadosTransport> {
    const config = JSON.stringify({
      conf: c.conf ?? null,
      name: c.name ?? null,
      keyring: c.keyring ?? null,
      cluster: c.cluster ?? null,
      timeout: c.timeoutSec,
    });
    const argv = [...c.via, 'sh', '-c', BOOT, 'loadshift-rados-helper', RADOS_HELPER_SOURCE, config];
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    const t = new RadosTransport(child, c.timeoutSec * 1000 + 5000);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new HelperStartError('connect', `no answer from the cluster within ${c.timeoutSec} s`));
      }, t.timeoutMs);
      t.onReady = (fsid) => {
        clearTimeout(timer);
        t.fsid = fsid;
        resolve(t);
      };
      t.onStartFail = (e) => {
        clearTimeout(timer);
        reject(e);
      };
      child.on('error', (err: NodeJS.ErrnoException) =>
        t.fail(new HelperStartError('spawn', `cannot run '${argv[0]}' (${err.code ?? err.message})`)),
      );
      child.stdout?.on('data', (d: Buffer) => t.onData(d));
      child.stderr?.setEncoding('utf8').on('data', (d: string) => {
        t.stderr = (t.stderr + d).slice(-4000);
      });
      child.stdin?.on('error', () => {});
      child.on('exit', (code, signal) => {
        const last = t.stderr.trim().split('\n').pop() ?? '';
        const how = signal ? `was killed (${signal})` : `exited with status ${code}`;
        t.fail(new HelperStartError('exited', `the rados helper ${how}${last ? `: ${last}` : ''}`));
      });
    });
  }

  private fail(e: HelperStartError): void {
    if (this.dead) return;
    this.dead = e;
    if (this.onStartFail) {
      const f = this.onStartFail;
      this.onStartFail = undefined;
      this.onReady = undefined;
      f(e);
    }
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(clusterError(p.what, `${e.message}; check the connection (--via, --conf) and retry`));
      this.pending.delete(id);
    }
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
    for (;;) {
      if (this.header === undefined) {
        const nl = this.buf.indexOf(10);
        if (nl < 0) return;
        const line = this.buf.subarray(0, nl).toString('utf8');
        this.buf = this.buf.subarray(nl + 1);
        try {
          this.header = JSON.parse(line) as NonNullable<RadosTransport['header']>;
        } catch {
          this.fail(
            new HelperStartError('exited', `the rados helper printed something unexpected: ${line.slice(0, 120)}`),
          );
          this.child.kill('SIGKILL');
          return;
        }
      }
      const h = this.header;
      if (this.buf.length < h.len) return;
      const body = this.buf.subarray(0, h.len).toString('utf8');
      this.buf = this.buf.subarray(h.len);
      this.header = undefined;
      this.onMessage(h, body);
    }
  }

  private onMessage(h: NonNullable<RadosTransport['header']>, body: string): void {
    const msg = h as unknown as { event?: string; fsid?: string; kind?: string; message?: string };
    if (msg.event === 'ready') {
      this.onStartFail = undefined;
      this.onReady?.(msg.fsid ?? '');
      this.onReady = undefined;
      return;
    }
    if (msg.event === 'error') {
      this.fail(new HelperStartError(msg.kind === 'no-rados' ? 'no-rados' : 'connect', msg.message ?? 'error'));
      return;
    }
    const p = this.pending.get(h.id);
    if (p === undefined) return;
    this.pending.delete(h.id);
    clearTimeout(p.timer);
    p.resolve({ rc: h.rc, out: body, status: refusalLine(h.rc, h.status) });
  }

  /** The helper's threads wait for each other (a barrier per gate of at most GATE commands) and send together. */
  batch(cmds: readonly CephCommand[]): Promise<CephReply[]> {
    const GATE = 1000;
    return Promise.all(
      cmds.map((c, i) => {
        const size = Math.min(GATE, cmds.length - Math.floor(i / GATE) * GATE);
        return this.command('mon', c, { gate: `${this.nextGate}.${Math.floor(i / GATE)}`, gate_size: size });
      }),
    ).finally(() => this.nextGate++);
  }

  private nextGate = 1;

  command(target: CephTarget, cmd: CephCommand, gate?: { gate: string; gate_size: number }): Promise<CephReply> {
    const what = `ceph ${targetName(target) === 'mon' ? '' : `${targetName(target)} `}${cmd.prefix}`;
    if (this.dead) return Promise.reject(clusterError(what, `${this.dead.message}; check the connection and retry`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(clusterError(what, `no reply within ${this.timeoutMs / 1000} s; is the cluster reachable?`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer, what });
      const t = typeof target === 'string' ? target : `osd.${target.osd}`;
      this.child.stdin?.write(`${JSON.stringify({ id, target: t, cmd: commandJsonText(cmd), ...gate })}\n`);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.stdin?.end();
    });
  }
}
