# mapgen spec for the Tentacle toolbox: the size-aware read model. 20 OSDs, 5 hosts x 4, CRUSH weights 0.5..4
# (bigger OSDs hold more PGs), no primary affinity (Tentacle's --osd-size-aware refuses pools whose OSDs have any),
# replicated pools with read_ratio 50/70/90/100 and a size-2 one, an MSR EC pool beside them.
ws=(0.5 1 2 4  1 1 1 1  4 2 0.5 1  2 2 3 1  1 0.5 0.5 4)
for i in $(seq 0 19); do add_osd $i ${ws[$i]} hdd root=default host=host$((i/4)); done
q osd set-require-min-compat-client squid --yes-i-really-mean-it
add_pool sa50 128;  q osd pool set sa50 read_ratio 50     # 1
add_pool sa70 64;   q osd pool set sa70 read_ratio 70     # 2
add_pool sa90 256;  q osd pool set sa90 read_ratio 90     # 3
add_pool sa100 32;  q osd pool set sa100 read_ratio 100   # 4
add_pool s2 64 2;   q osd pool set s2 read_ratio 60       # 5
q osd erasure-code-profile set msr32 k=3 m=1 crush-failure-domain=host crush-osds-per-failure-domain=2 crush-num-failure-domains=2
q osd pool create ecmsr 32 32 erasure msr32              # 6
MAPGEN_COMPAT=squid
