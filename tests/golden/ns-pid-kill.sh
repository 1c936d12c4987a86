unshare --pid --fork --mount-proc bash -c 'trap "" TERM; sleep 1000 & sleep 2000 & wait' &
sleep 1
ps -o pid,ppid,stat,comm --forest -C bash,sleep,unshare
INIT=$(pgrep -f '^bash -c trap')
grep -E '^(NSpid|SigIgn)' /proc/$INIT/status
kill -TERM $INIT
kill -INT $INIT
ps -o pid,stat,comm -C sleep
kill -KILL $INIT
sleep 1
ps -o pid,stat,comm -C sleep
jobs
