# mapgen spec: 8 OSDs on 4 hosts, and host h9 (osd.8, osd.9) whose OSDs gen-osdmap-fixtures.sh marks out (a host
# being replaced): pool 'parked' keeps its rule on h9 only, so CRUSH maps its PGs to no OSD (no primary, no reads)
for i in $(seq 0 7); do add_osd $i 1 - root=default host=h$((i%4)); done
add_osd 8 1 - root=default host=h9
add_osd 9 1 - root=default host=h9
add_pool rbd 32 3                 # 1
q osd crush rule create-replicated onlyh9 h9 osd
add_pool parked 16 2 onlyh9       # 2
