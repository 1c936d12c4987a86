echo first > log
bash -c 'sleep 0.3; echo second >> log; sleep 0.3; echo third >> log' &
tail -f log
^C
echo $?
wait
tail -n 2 log
tail -f nosuch; echo $?
