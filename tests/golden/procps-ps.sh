sleep 100 &
sleep 1
ps
ps -ef
ps aux
ps -o pid,ppid,pgid,sid,tty,stat,ni,pri,psr,%cpu,%mem,vsz,rss,time,etime,user,uid,comm,args
ps --forest
ps -L
ps -o pid,stat,comm
kill %1
ps -p 1 -o pid=,comm=
ps -C init
ps -u root -o user,pid,comm | head -3
ps --foo; echo $?
ps -o nosuch; echo $?
