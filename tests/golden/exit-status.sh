true; echo $?
false; echo $?
(exit 3); echo $?
sh -c 'kill -9 $$'; echo $?
sh -c 'kill -TERM $$'; echo $?
sh -c 'kill -INT $$'; echo $?
nosuchcommand; echo $?
/etc/passwd; echo $?
/tmp; echo $?
echo 'exit 42' > /tmp/s.sh; sh /tmp/s.sh; echo $?
