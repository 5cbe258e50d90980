# mapgen spec for the Tentacle toolbox (MAPGEN_COMPAT=squid): 16 OSDs, 2 racks x 2 hosts x 4 OSDs of mixed CRUSH
# weights (0.5..4: the size-aware read balancer has something to weigh), replicated pools with read_ratio, two MSR
# EC pools made by erasure-code profiles with crush-osds-per-failure-domain (msr_indep rules), a replicated pool on
# an msr_firstn rule (compiled with crushtool and set with setcrushmap), primary affinity below 1 on one OSD.
ws=(1 1 2 2  4 4 1 1  0.5 0.5 1 1  2 1 1 3)
for i in $(seq 0 15); do
  h=$((i/4)); r=$((h/2))
  add_osd $i ${ws[$i]} hdd root=default rack=rack$r host=host$h
done
q osd set-require-min-compat-client squid --yes-i-really-mean-it
add_pool rbd 64                               # 1
q osd pool set rbd read_ratio 70
add_pool big 128                              # 2
q osd pool set big read_ratio 90
q osd erasure-code-profile set msr22 k=2 m=2 crush-failure-domain=host crush-osds-per-failure-domain=2 crush-num-failure-domains=2
q osd pool create ecmsr 32 32 erasure msr22   # 3
q osd erasure-code-profile set msr42 k=4 m=2 crush-failure-domain=host crush-osds-per-failure-domain=2 crush-num-failure-domains=3
q osd pool create ecmsr42 24 24 erasure msr42 # 4
# an msr_firstn rule (no CLI makes one): decompile, append, compile, set
ceph osd getcrushmap -o /tmp/tmsr.crush.bin 2>/dev/null
crushtool -d /tmp/tmsr.crush.bin -o /tmp/tmsr.crush.txt
cat >>/tmp/tmsr.crush.txt <<'RULE'
rule repmsr {
	id 40
	type msr_firstn
	step take default
	step choosemsr 0 type host
	step choosemsr 1 type osd
	step emit
}
RULE
crushtool -c /tmp/tmsr.crush.txt -o /tmp/tmsr.crush2.bin
q osd setcrushmap -i /tmp/tmsr.crush2.bin
add_pool repmsr 48 3 repmsr                   # 5
add_pool small 16 2                           # 6: no read_ratio
q osd primary-affinity osd.6 0.5
# mapgen sets require_min_compat_client to MAPGEN_COMPAT after the spec (the chroot does not inherit the caller's env)
MAPGEN_COMPAT=squid
