# mapgen spec (sourced by /work/shared/ceph-reef/inner/mapgen-inner.sh): 24 OSDs, 3 racks x 2 hosts x 4 OSDs,
# hdd+ssd, mixed CRUSH weights, replicated + erasure pools, odd pg_num, pgp_num < pg_num, no-hashpspool pool,
# primary affinity 0 / 0.25 / 0.5 / 0.75, pg_upmap entries.
ws=(1 1 1 1  2 2 2 2  1 1 1 1  4 4 0.5 0.5  1 2 1 2  3 3 3 3)
for i in $(seq 0 23); do
  h=$((i/4)); r=$((h/2)); cls=hdd; [ $((i%4)) -ge 2 ] && cls=ssd
  add_osd $i ${ws[$i]} $cls root=default rack=rack$r host=host$h
done
q osd crush rule create-replicated rep-rack default rack
q osd crush rule create-replicated rep-ssd default host ssd
q osd crush rule create-replicated rep-osd default osd
q osd erasure-code-profile set ec21 k=2 m=1 crush-failure-domain=host
q osd erasure-code-profile set ec42 k=4 m=2 crush-failure-domain=osd crush-device-class=hdd
add_pool rbd 128                 # 1
add_pool odd 100                 # 2: pg_num not a power of two
add_pool pgp 64                  # 3: pgp_num 24 below
q osd pool set pgp pgp_num_actual 24
q osd pool create ec21 32 32 erasure ec21     # 4
q osd pool create ec42 48 48 erasure ec42     # 5
add_pool legacy 16               # 6: no hashpspool
q osd pool set legacy hashpspool false --yes-i-really-mean-it
add_pool s2 20 2 rep-ssd         # 7
add_pool s4 12 4 rep-osd         # 8
add_pool one 1                   # 9
add_pool byrack 27 3 rep-rack    # 10
q osd primary-affinity osd.1 0
q osd primary-affinity osd.5 0.5
q osd primary-affinity osd.9 0.25
q osd primary-affinity osd.13 0
q osd primary-affinity osd.17 0.75
q osd primary-affinity osd.22 0.5
q osd set-require-min-compat-client luminous --yes-i-really-mean-it
# pg_upmap (explicit sets); the mon drops the ones CRUSH would refuse (verify_upmap)
for e in "1.3 0 4 8" "1.7 12 20 1" "2.5 13 21 6" "4.2 0 8 16" "4.9 23 15 7" "2.63 12 16 4"; do
  timeout 15 ceph osd pg-upmap $e || true
done
