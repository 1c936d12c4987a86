stress --cpu 2 --timeout 7 &
sleep 6
top -b -n 1 | head -12
uptime
sleep 2
