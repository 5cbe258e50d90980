import { spawn } from 'node:child_process';
import { cephCliWords } from '../ceph/command-args.js';
import { clusterError } from '../errors.js';
import { cephCliConnectionArgs, type ConnectionOptions } from './connection-options.js';
import { targetName, type CephCommand, type CephReply, type CephTarget, type CephTransport } from './transport.js';

/**
 * The fallback: one `ceph` CLI process per command (~0.3-0.5 s each), at most `cliParallel` at a time. Concurrent
 * processes may still share an epoch, but only as many as run at once. Every process has a timeout.
 */
export class CliTransport implements CephTransport {
  readonly kind = 'cli';
  fsid = '';
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly c: ConnectionOptions) {}

  command(target: CephTarget, cmd: CephCommand): Promise<CephReply> {
    return new Promise((resolve, reject) => {
      const start = () => {
        this.running++;
        this.run(target, cmd)
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.queue.shift()?.();
          });
      };
      if (this.running < this.c.cliParallel) start();
      else this.queue.push(start);
    });
  }

  batch(cmds: readonly CephCommand[]): Promise<CephReply[]> {
    return Promise.all(cmds.map((c) => this.command('mon', c)));
  }

  private run(target: CephTarget, cmd: CephCommand): Promise<CephReply> {
    const words = cephCliWords(cmd);
    const tell = typeof target === 'string' ? [] : ['tell', targetName(target)];
    const t = String(this.c.timeoutSec);
    const argv = [...this.c.via, 'ceph', ...cephCliConnectionArgs(this.c), '--connect-timeout', t, ...tell, ...words];
    const what = `ceph ${[...tell, ...words].join(' ')}`;
    return new Promise((resolve, reject) => {
      const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let err = '';
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-8000)));
      const timer = setTimeout(() => child.kill('SIGKILL'), this.c.timeoutSec * 1000 + 5000);
      child.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(
          clusterError(
            what,
            `cannot run '${argv[0]}' (${e.code ?? e.message}); check --via and that ceph is installed`,
          ),
        );
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (signal !== null)
          return reject(clusterError(what, `no reply within ${this.c.timeoutSec} s; is the cluster reachable?`));
        const status = err.trim();
        // the CLI's own failures (cannot connect, bad arguments) have no errno: a transport error, not a refusal
        if (code !== 0 && !/^Error E[A-Z]+/m.test(status)) {
          const last = status.split('\n').pop() ?? '';
          return reject(
            clusterError(what, `ceph exited with status ${code}${last ? `: ${last}` : ''}; check the connection flags`),
          );
        }
        resolve({
          rc: code ? -code : 0,
          out: Buffer.concat(out).toString('utf8'),
          status: status.split('\n').pop() ?? '',
        });
      });
    });
  }

  async close(): Promise<void> {}
}
