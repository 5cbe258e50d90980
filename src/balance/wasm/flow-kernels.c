/*
 * The engine's two flow loops compiled to WebAssembly (scripts/build-wasm.sh; the bytes are in
 * ../flow-kernels-wasm.ts): routeExcess's max-flow (max-flow.ts) and minCostAssign's primal-dual phases
 * (min-cost-flow.ts, tight-augment.ts, the binary heap of min-heap.ts). They follow the TypeScript step for step, the
 * same arithmetic in the same order on the same doubles, so the flows, and with them every plan, are the same (the
 * tests run both on the same graphs). A cold one-shot command otherwise runs these loops interpreted until the JIT
 * has compiled them.
 *
 * Arrays live in this module's memory where flow-wasm.ts copies them; each call gets the addresses as a table of
 * int32 fields (I_*) and, for the min-cost flow, a table of doubles (F_*). held-index.ts describes the held index
 * (start, end, pg, home, choice, pos, stride): a PG moves as moveHeld moves it, without the journal (flow-wasm.ts
 * drops it).
 */
#include <stdint.h>

enum {
  I_M, I_STRIDE, I_ASSIGN, I_COUNT, I_CAP, I_START, I_END, I_PG, I_HOME, I_CHOICE, I_POS, I_LEVEL, I_QUEUE, I_PTR,
  I_STACK_OSD, I_STACK_PG, I_ORIG, I_CAP_FREE, I_LOAD, I_EXCESS, I_TOP_COST, I_PI, I_DIST, I_DONE, I_HEAP_KEYS,
  I_HEAP_NODES, I_TOTAL_EXCESS, I_SOURCES, I_CHOICE_START, I_CHOICE_OSD, I_NPG, I_FIELDS
};
enum { F_PI_T, F_COST, F_LIMIT, F_FIELDS };

#define DEAD (-2)
#define INF __builtin_inf()

static int m, stride, sources;
static int32_t *assign, *count, *cap, *start, *end, *pg, *home, *choice, *pos, *level, *queue, *ptr, *stack_osd,
    *stack_pg, *orig, *cap_free, *load, *excess, *heap_nodes;
static double *top_cost, *pi, *dist, *heap_keys;
static uint8_t *done;
static double pi_t, cost;
static int total_excess, heap_size;

#define PTR(T, f) ((T *)(uintptr_t)I[f])

static void load_fields(const int32_t *I) {
  m = I[I_M];
  stride = I[I_STRIDE];
  assign = PTR(int32_t, I_ASSIGN);
  count = PTR(int32_t, I_COUNT);
  cap = PTR(int32_t, I_CAP);
  start = PTR(int32_t, I_START);
  end = PTR(int32_t, I_END);
  pg = PTR(int32_t, I_PG);
  home = PTR(int32_t, I_HOME);
  choice = PTR(int32_t, I_CHOICE);
  pos = PTR(int32_t, I_POS);
  level = PTR(int32_t, I_LEVEL);
  queue = PTR(int32_t, I_QUEUE);
  ptr = PTR(int32_t, I_PTR);
  stack_osd = PTR(int32_t, I_STACK_OSD);
  stack_pg = PTR(int32_t, I_STACK_PG);
  orig = PTR(int32_t, I_ORIG);
  cap_free = PTR(int32_t, I_CAP_FREE);
  load = PTR(int32_t, I_LOAD);
  excess = PTR(int32_t, I_EXCESS);
  top_cost = PTR(double, I_TOP_COST);
  pi = PTR(double, I_PI);
  dist = PTR(double, I_DIST);
  done = PTR(uint8_t, I_DONE);
  heap_keys = PTR(double, I_HEAP_KEYS);
  heap_nodes = PTR(int32_t, I_HEAP_NODES);
}

/* moveHeld (held-index.ts): PG p, now held by `from`, to `to`; the last PG of from's segment fills the hole. */
static void move_held(int32_t p, int32_t from, int32_t to) {
  const int32_t i = pos[p];
  const int32_t j = end[to]++;
  pg[j] = p;
  home[j] = home[i];
  pos[p] = j;
  for (int k = 0; k < stride; k++) choice[j * stride + k] = choice[i * stride + k];
  const int32_t last = --end[from];
  if (i != last) {
    const int32_t q = pg[last];
    pg[i] = q;
    home[i] = home[last];
    pos[q] = i;
    for (int k = 0; k < stride; k++) choice[i * stride + k] = choice[last * stride + k];
  }
}

/* ---- the held index of an assignment (held-index.ts, fill) ---- */

/* Every PG into the segment of its primary in `assign`, in PG order, with its home and its choices (-1 padded). */
__attribute__((export_name("fill_held"))) void fill_held(const int32_t *I) {
  load_fields(I);
  const int32_t n = I[I_NPG];
  const int32_t *choice_start = PTR(int32_t, I_CHOICE_START);
  const int32_t *choice_osd = PTR(int32_t, I_CHOICE_OSD);
  for (int o = 0; o < m; o++) end[o] = start[o];
  for (int32_t p = 0; p < n; p++) {
    const int32_t r = end[assign[p]]++;
    pg[r] = p;
    home[r] = orig[p];
    pos[p] = r;
    int j = r * stride;
    for (int32_t k = choice_start[p]; k < choice_start[p + 1]; k++) choice[j++] = choice_osd[k];
    for (const int je = (r + 1) * stride; j < je; j++) choice[j] = -1;
  }
}

/* ---- routeExcess (max-flow.ts) ---- */

static int layer_excess(void) {
  for (int o = 0; o < m; o++) level[o] = -1;
  int qt = 0;
  for (int o = 0; o < m; o++) {
    if (count[o] > cap[o]) {
      level[o] = 0;
      queue[qt++] = o;
    }
  }
  sources = qt;
  if (qt == 0) return 0;
  int any_sink = 0;
  for (int qh = 0; qh < qt; qh++) {
    const int32_t a = queue[qh];
    const int32_t la = level[a];
    for (int j = start[a] * stride, je = end[a] * stride; j < je; j++) {
      const int32_t b = choice[j];
      if (b < 0 || level[b] != -1) continue;
      level[b] = la + 1;
      queue[qt++] = b;
      if (count[b] < cap[b]) any_sink = 1;
    }
  }
  return any_sink ? qt : -1;
}

static int excess_path(int32_t src) {
  int top = 0;
  stack_osd[0] = src;
  for (;;) {
    const int32_t a = stack_osd[top];
    if (top > 0 && count[a] < cap[a]) return top;
    const int32_t next = level[a] + 1;
    int pushed = 0;
    int32_t r = ptr[a];
    const int32_t re = end[a];
    for (; r < re; r++) {
      for (int j = r * stride, je = j + stride; j < je; j++) {
        const int32_t b = choice[j];
        if (b >= 0 && level[b] == next) {
          stack_pg[top] = pg[r];
          stack_osd[++top] = b;
          pushed = 1;
          break;
        }
      }
      if (pushed) break;
    }
    ptr[a] = r;
    if (pushed) continue;
    level[a] = DEAD;
    if (top == 0) return -1;
    top--;
  }
}

/* routeExcess: 1 when every OSD is within its cap, 0 when not (level[] then marks the Hall violator). */
__attribute__((export_name("route_excess"))) int route_excess(const int32_t *I) {
  load_fields(I);
  for (;;) {
    const int reached = layer_excess();
    if (reached == 0) return 1;
    if (reached < 0) return 0;
    for (int i = 0; i < reached; i++) ptr[queue[i]] = start[queue[i]];
    for (int si = 0; si < sources; si++) {
      const int32_t src = queue[si];
      while (count[src] > cap[src]) {
        const int top = excess_path(src);
        if (top < 0) break;
        for (int i = 0; i < top; i++) {
          assign[stack_pg[i]] = stack_osd[i + 1];
          move_held(stack_pg[i], stack_osd[i], stack_osd[i + 1]);
        }
        count[src]--;
        count[stack_osd[top]]++;
      }
    }
  }
}

/* ---- minCostAssign (min-cost-flow.ts, flow-state.ts, tight-augment.ts, min-heap.ts) ---- */

static double sink_cost(int32_t a) {
  if (load[a] < cap_free[a]) return 0;
  if (top_cost && load[a] == cap_free[a] && top_cost[a] > 0) return top_cost[a];
  return INF;
}

static int tight_sink(int32_t a) {
  const double sc = sink_cost(a);
  return sc != INF && sc + pi[a] - pi_t == 0;
}

static void heap_push(double key, int32_t node) {
  int i = heap_size++;
  while (i > 0) {
    const int parent = (i - 1) >> 1;
    const double pk = heap_keys[parent];
    if (pk <= key) break;
    heap_keys[i] = pk;
    heap_nodes[i] = heap_nodes[parent];
    i = parent;
  }
  heap_keys[i] = key;
  heap_nodes[i] = node;
}

static int32_t heap_pop(void) {
  const int32_t top = heap_nodes[0];
  const int n = --heap_size;
  if (n == 0) return top;
  const double key = heap_keys[n];
  const int32_t node = heap_nodes[n];
  int i = 0;
  for (;;) {
    int c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && heap_keys[c + 1] < heap_keys[c]) c++;
    if (heap_keys[c] >= key) break;
    heap_keys[i] = heap_keys[c];
    heap_nodes[i] = heap_nodes[c];
    i = c;
  }
  heap_keys[i] = key;
  heap_nodes[i] = node;
  return top;
}

/* Dijkstra on reduced costs from the super source; the reduced distance to the sink. */
static double shortest_paths(void) {
  for (int o = 0; o < m; o++) {
    dist[o] = INF;
    done[o] = 0;
  }
  heap_size = 0;
  for (int o = 0; o < m; o++) {
    if (excess[o] > 0) {
      dist[o] = -pi[o];
      heap_push(dist[o], o);
    }
  }
  double dt = INF;
  while (heap_size > 0) {
    const double du = heap_keys[0];
    const int32_t a = heap_pop();
    if (done[a] || du > dist[a]) continue;
    if (du >= dt) break;
    done[a] = 1;
    const double sc = sink_cost(a);
    if (sc != INF) {
      const double via = du + sc + pi[a] - pi_t;
      if (via < dt) dt = via;
    }
    const double pa = pi[a] + du;
    for (int32_t r = start[a], re = end[a]; r < re; r++) {
      const int32_t h = home[r];
      const double base = pa + (a == h ? 0 : -1);
      for (int j = r * stride, je = j + stride; j < je; j++) {
        const int32_t b = choice[j];
        if (b < 0 || b == a || done[b]) continue;
        const double nd = base + (b == h ? 0 : 1) - pi[b];
        if (nd < dist[b]) {
          dist[b] = nd;
          heap_push(nd, b);
        }
      }
    }
  }
  return dt;
}

static int layer_tight(void) {
  for (int o = 0; o < m; o++) level[o] = -1;
  int qt = 0;
  int any_sink = 0;
  for (int o = 0; o < m; o++) {
    if (excess[o] > 0 && pi[o] == 0) {
      level[o] = 0;
      queue[qt++] = o;
      if (!any_sink && tight_sink(o)) any_sink = 1;
    }
  }
  sources = qt;
  for (int qh = 0; qh < qt; qh++) {
    const int32_t a = queue[qh];
    const int32_t la = level[a];
    const double pa = pi[a];
    for (int32_t r = start[a], re = end[a]; r < re; r++) {
      const int32_t h = home[r];
      const double base = pa + (a == h ? 0 : -1);
      for (int j = r * stride, je = j + stride; j < je; j++) {
        const int32_t b = choice[j];
        if (b < 0 || level[b] != -1 || base + (b == h ? 0 : 1) - pi[b] != 0) continue;
        level[b] = la + 1;
        queue[qt++] = b;
        if (!any_sink && tight_sink(b)) any_sink = 1;
      }
    }
  }
  return any_sink ? qt : -1;
}

static int tight_path(int32_t src) {
  int top = 0;
  stack_osd[0] = src;
  for (;;) {
    const int32_t a = stack_osd[top];
    if (tight_sink(a)) return top;
    const int32_t next = level[a] + 1;
    const double pa = pi[a];
    int pushed = 0;
    int32_t r = ptr[a];
    for (const int32_t re = end[a]; r < re; r++) {
      const int32_t h = home[r];
      const double base = pa + (a == h ? 0 : -1);
      for (int j = r * stride, je = j + stride; j < je; j++) {
        const int32_t b = choice[j];
        if (b >= 0 && level[b] == next && base + (b == h ? 0 : 1) - pi[b] == 0) {
          stack_pg[top] = pg[r];
          stack_osd[++top] = b;
          pushed = 1;
          break;
        }
      }
      if (pushed) break;
    }
    ptr[a] = r;
    if (pushed) continue;
    level[a] = DEAD;
    if (top == 0) return -1;
    top--;
  }
}

static void route_path(int32_t src, int top) {
  const int32_t last = stack_osd[top];
  cost += sink_cost(last);
  for (int i = 0; i < top; i++) {
    const int32_t p = stack_pg[i];
    cost += (stack_osd[i + 1] == orig[p] ? 0 : 1) - (stack_osd[i] == orig[p] ? 0 : 1);
    assign[p] = stack_osd[i + 1];
    move_held(p, stack_osd[i], stack_osd[i + 1]);
  }
  excess[src]--;
  load[last]++;
  total_excess--;
}

static void augment_tight(double limit) {
  for (;;) {
    const int reached = layer_tight();
    if (reached < 0) return;
    const int n_sources = sources;
    for (int i = 0; i < reached; i++) ptr[queue[i]] = start[queue[i]];
    int phase_routed = 0;
    for (int si = 0; si < n_sources; si++) {
      const int32_t src = queue[si];
      while (excess[src] > 0 && level[src] == 0) {
        const int top = tight_path(src);
        if (top < 0) break;
        route_path(src, top);
        phase_routed++;
        if (cost > limit) return;
      }
    }
    if (phase_routed == 0 || total_excess == 0) return;
  }
}

/*
 * minCostAssign's phases from the initial state the caller wrote: 0 when every excess unit is routed, 1 when the
 * capacities are infeasible, 2 when the cost passed F[F_LIMIT] (F[F_COST] then holds the cost minCostAssign reports).
 */
__attribute__((export_name("min_cost"))) int min_cost(const int32_t *I, double *F) {
  load_fields(I);
  total_excess = I[I_TOTAL_EXCESS];
  pi_t = F[F_PI_T];
  cost = F[F_COST];
  const double limit = F[F_LIMIT];
  int status = 0;
  while (total_excess > 0) {
    const double dt = shortest_paths();
    if (dt == INF) {
      status = 1;
      break;
    }
    for (int o = 0; o < m; o++) pi[o] = pi[o] + (dist[o] < dt ? dist[o] : dt);
    pi_t += dt;
    if (cost + pi_t > limit) {
      cost = cost + pi_t;
      status = 2;
      break;
    }
    augment_tight(limit);
    if (cost > limit) {
      status = 2;
      break;
    }
  }
  F[F_PI_T] = pi_t;
  F[F_COST] = cost;
  return status;
}
