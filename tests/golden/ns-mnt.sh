mkdir -p /mnt/a /mnt/b
readlink /proc/self/ns/mnt
unshare -m bash -c 'readlink /proc/self/ns/mnt; mount -t tmpfs -o size=1m scratch /mnt/a; grep scratch /proc/self/mounts; echo inside > /mnt/a/f; ls /mnt/a'
grep scratch /proc/self/mounts
ls /mnt/a
mount --make-shared /
grep -E '^[0-9]+ [0-9]+ [0-9:]+ / / ' /proc/self/mountinfo
unshare -m --propagation unchanged bash -c 'mount -t tmpfs shared-in /mnt/b; grep shared-in /proc/self/mountinfo | cut -d" " -f5-'
grep shared-in /proc/self/mountinfo | cut -d' ' -f5-
umount /mnt/b
unshare -m bash -c 'mount -t tmpfs private-in /mnt/b; grep -c private-in /proc/self/mounts'
grep -c private-in /proc/self/mounts
mount --make-private /
mount -t proc proc /mnt/a
ls /mnt/a | head -3
umount /mnt/a
umount /mnt/a
mount -t nosuchfs none /mnt/a
mount --bind /etc /mnt/a
ls /mnt/a/hostname
umount /mnt/a
