sh -c 'sleep 1 & exec sleep 100' &
sleep 2
ps -o pid,ppid,stat,comm,args
kill %1
sleep 1
ps -o pid,ppid,stat,comm,args
sleep 100 &
kill -STOP %1
ps -o pid,stat,comm
kill -CONT %1
ps -o pid,stat,comm
kill %1
nice -n 10 sleep 100 &
sleep 1
ps -o pid,ni,pri,stat,comm
renice -n 5 -p $!
ps -o pid,ni,stat,comm
renice +2 $!
kill %1
while true; do :; done &
echo still responsive
sleep 0.2
ps -o pid,stat,comm
kill %1
