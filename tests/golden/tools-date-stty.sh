date
date -u +%Y-%m-%dT%H:%M:%S
date -R
date -I
date -Iseconds
date -d @86400
date +%A,%B,%j,%s
date --foo
date 0101
stty size
stty
stty -a
stty -echo
stty
stty echo
stty rows 40 cols 100
stty size
stty sane
stty
stty 9600
stty -g
