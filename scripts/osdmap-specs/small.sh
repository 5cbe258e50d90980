# mapgen spec: 10 OSDs on 4 hosts (unequal), pools CRUSH cannot fill (size 5 replicated, EC k=3 m=2 over 4 hosts)
for i in $(seq 0 9); do add_osd $i 1 - root=default host=h$((i%4)); done
q osd erasure-code-profile set ec32 k=3 m=2 crush-failure-domain=host
add_pool five 16 5                # 1: only 4 hosts -> short sets
q osd pool create ec32 16 16 erasure ec32    # 2: CRUSH leaves holes
add_pool two 8 2                  # 3
q osd primary-affinity osd.0 0
q osd primary-affinity osd.4 0
q osd primary-affinity osd.8 0
