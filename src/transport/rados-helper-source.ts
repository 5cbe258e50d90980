/**
 * The Python source of the librados helper (standard library + python3-rados only). It travels on the command line
 * (`python3 -u -c SOURCE CONFIG`), so nothing is copied to the admin host, container or chroot it runs in.
 *
 * Protocol, over stdin/stdout:
 * - argv[1] is a JSON object: {conf, name, cluster, keyring, timeout, threads}; CEPH_ARGS is honoured as by `ceph`.
 * - First output line: {"event":"ready","fsid":...} or {"event":"error","kind":"no-rados"|"connect","message":...}.
 * - Each input line is one request {"id":N,"target":"mon"|"mgr"|"osd.N","cmd":{...}}; requests run concurrently on
 *   a thread pool (librados releases the GIL). Requests of a batch carry {"gate":G,"gate_size":K}: their threads
 *   wait until all K are ready and then send together, so the monitor gets the whole batch within its paxos_min_wait
 *   (50 ms) and commits it in one osdmap epoch (thread start-up alone would spread 100 sends over more than that).
 * - Each reply is a header line {"id":N,"rc":R,"status":"...","len":L} followed by exactly L raw bytes of output
 *   (the output of `pg dump` can be hundreds of MB: it is never re-escaped).
 * - Timeouts are librados options (rados_mon_op_timeout, rados_osd_op_timeout, client_mount_timeout): the Python
 *   binding ignores its own timeout= argument. End of input: finish the requests in flight, disconnect, exit 0.
 */
export const RADOS_HELPER_SOURCE = String.raw`
import json, sys, threading
from concurrent.futures import ThreadPoolExecutor
out = sys.stdout.buffer
lock = threading.Lock()
def emit(head, body=b""):
    head["len"] = len(body)
    data = json.dumps(head).encode() + b"\n" + body
    with lock:
        out.write(data)
        out.flush()
try:
    import rados
except Exception as e:
    emit({"event": "error", "kind": "no-rados", "message": "python3-rados is not available: %s" % e})
    sys.exit(3)
cfg = json.loads(sys.argv[1])
try:
    kw = {"conffile": cfg.get("conf") or ""}
    if cfg.get("name"): kw["name"] = cfg["name"]
    if cfg.get("cluster"): kw["clustername"] = cfg["cluster"]
    r = rados.Rados(**kw)
    r.conf_parse_env()
    if cfg.get("keyring"): r.conf_set("keyring", cfg["keyring"])
    t = str(cfg.get("timeout") or 30)
    for opt in ("rados_mon_op_timeout", "rados_osd_op_timeout", "client_mount_timeout"):
        r.conf_set(opt, t)
    r.connect(timeout=int(float(t)))
    fsid = r.get_fsid()
except Exception as e:
    emit({"event": "error", "kind": "connect", "message": "%s: %s" % (type(e).__name__, e)})
    sys.exit(4)
emit({"event": "ready", "fsid": fsid})
gates = {}
def run(req, gate):
    rid = req.get("id")
    try:
        if gate is not None:
            gate.wait(60)
        target = req["target"]
        cmd = req["cmd"] if isinstance(req["cmd"], str) else json.dumps(req["cmd"])
        if target == "mon":
            rc, body, status = r.mon_command(cmd, b"")
        elif target == "mgr":
            rc, body, status = r.mgr_command(cmd, b"")
        elif target.startswith("osd."):
            rc, body, status = r.osd_command(int(target[4:]), cmd, b"")
        else:
            raise ValueError("unknown target %r" % target)
        emit({"id": rid, "rc": rc, "status": status}, body or b"")
    except Exception as e:
        emit({"id": rid, "rc": -5, "status": "%s: %s" % (type(e).__name__, e), "error": True})
pool = ThreadPoolExecutor(max_workers=int(cfg.get("threads") or 1024))
for line in sys.stdin.buffer:
    line = line.strip()
    if not line:
        continue
    try:
        req = json.loads(line)
    except Exception as e:
        emit({"id": None, "rc": -22, "status": "bad request line: %s" % e, "error": True})
        continue
    gate = None
    if req.get("gate") is not None:
        key = req["gate"]
        if key not in gates:
            gates[key] = threading.Barrier(int(req["gate_size"]))
        gate = gates[key]
    pool.submit(run, req, gate)
pool.shutdown(wait=True)
r.shutdown()
`;
