printf 'banana\napple\ncherry\napple\n' > fruits
cat fruits
cat -n fruits
cat fruits - fruits < /dev/null | wc -l
echo hello   world; echo -n no-newline; echo
echo -e 'a\tb\\n'; /bin/echo -e 'x\ty'
printf '%s=%d\n' a 1 b 2; printf '%5.2f|%-4s|%x\n' 3.14159 ab 255
head -n 2 fruits; tail -n 1 fruits
seq 20 | head -3; seq 20 | tail -n +19; seq 1 3 10; seq -s, 5
seq 5 | head -n -3
wc fruits; wc -l < fruits; wc -c fruits; wc -w fruits fruits
sort fruits; sort -r fruits | head -1
sort -u fruits; sort fruits | uniq -c
printf '10\n9\n100\n' | sort; printf '10\n9\n100\n' | sort -n
sort fruits | uniq -d; sort fruits | uniq -u
echo 'root:x:0:0:root:/root:/bin/bash' | cut -d: -f1,6
echo abcdef | cut -c2-4
head -2 /etc/passwd | cut -d: -f1
echo Hello | tr a-z A-Z; echo 'a  b   c' | tr -s ' '; echo hello | tr -d l
echo one | tee copy; cat copy; echo two | tee -a copy > /dev/null; cat copy
echo a b c d | xargs -n 2 echo
printf 'f1\nf2\n' | xargs touch; ls f1 f2
seq 3 | xargs echo items:
