mkdir -p d/sub && cd d
touch a.txt .hidden && echo hello > b.txt
ln -s b.txt link
mkfifo fifo
ls
ls -a
ls -A
ls -l
ls -la sub
ls -ld sub
ls -l /dev/null /dev/tty /dev/zero
ls -l link fifo
ls -F
ls -1
ls nosuch; echo $?
ls -i b.txt | tr -s ' ' | cut -d' ' -f2
seq 1000 > big; ls -s big; ls -sh big; ls -lh big
ls -s
ls -R
ls -d */ .
ls -lS | head -3
