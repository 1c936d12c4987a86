sleep 100 &
pstree
pstree -p
kill %1
free
free -h
free -m
uptime
uptime -p
top -b -n 1 | head -12
free --nope; echo $?
top -x; echo $?
