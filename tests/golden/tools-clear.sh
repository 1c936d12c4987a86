clear | cat -v; echo
clear -x | cat -v; echo
TERM=vt100 clear | cat -v; echo
TERM=dumb clear; echo $?
TERM=nosuchterm clear; echo $?
clear -V
clear -Z
echo before; clear; echo after
