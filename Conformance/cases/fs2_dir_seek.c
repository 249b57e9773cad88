// syscalls: getdents64 lseek openat close
// expect: same
// normalize: lseek(dir, 0, SEEK_END): 
// normalize: lseek(dir, 0, SEEK_DATA): 
//   the file system decides: /tmp is a tmpfs of the sandbox's (ext4 on this host natively).
/* telldir/seekdir/rewinddir round trips and lseek on a directory fd: positions returned by
 * telldir come back to the same entry, SEEK_CUR/SEEK_END on directories, rewinding. */
#include "fs2_util.h"
#include <dirent.h>

int main(void) {
    enter_scratch("fs2-seek");
    MUST(mkdir("d", 0755));
    char p[64];
    for (int i = 0; i < 120; i++) {
        snprintf(p, sizeof p, "d/name-%03d", i);
        MUST(close(open(p, O_CREAT | O_WRONLY, 0644)));
    }
    DIR *d = opendir("d");
    long pos[130];
    char names[130][32];
    int n = 0;
    for (;;) {
        long t = telldir(d);
        struct dirent *e = readdir(d);
        if (!e) break;
        pos[n] = t;
        snprintf(names[n], sizeof names[n], "%s", e->d_name);
        n++;
    }
    printf("entries: %d\n", n);
    int okfw = 0, okbw = 0;
    for (int i = 0; i < n; i += 7) {
        seekdir(d, pos[i]);
        struct dirent *e = readdir(d);
        if (e && !strcmp(e->d_name, names[i])) okfw++;
    }
    for (int i = n - 1; i >= 0; i -= 5) {
        seekdir(d, pos[i]);
        struct dirent *e = readdir(d);
        if (e && !strcmp(e->d_name, names[i])) okbw++;
    }
    printf("seekdir forward matches: %d of %d\n", okfw, (n + 6) / 7);
    printf("seekdir backward matches: %d of %d\n", okbw, (n + 4) / 5);
    seekdir(d, pos[n - 1]);
    readdir(d);
    FACT("after the last entry readdir returns NULL", readdir(d) == NULL);
    rewinddir(d);
    struct dirent *e = readdir(d);
    FACT("rewinddir returns to the first entry", e && !strcmp(e->d_name, names[0]));
    long t1 = telldir(d);
    FACT("telldir after one entry is pos[1]", t1 == pos[1]);
    /* seek to the middle then read the rest: count */
    seekdir(d, pos[60]);
    int rest = 0;
    while (readdir(d)) rest++;
    printf("entries from the 61st on: %d\n", rest);
    closedir(d);

    int fd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(fd);
    VALUE("lseek(dir, 0, SEEK_CUR) at start", lseek(fd, 0, SEEK_CUR));
    char buf[1024];
    long got = syscall(SYS_getdents64, fd, buf, sizeof buf);
    long cur = lseek(fd, 0, SEEK_CUR);
    FACT("position moves after getdents64", got > 0 && cur != 0);
    struct dirent64 *last = NULL;
    for (long off = 0; off < got; off += ((struct dirent64 *)(buf + off))->d_reclen) last = (struct dirent64 *)(buf + off);
    FACT("position equals the last entry's d_off", last && cur == last->d_off);
    REPORT("lseek(dir, -1, SEEK_SET)", lseek(fd, -1, SEEK_SET));
    REPORT("lseek(dir, 0, SEEK_END)", lseek(fd, 0, SEEK_END));
    REPORT("lseek(dir, 0, SEEK_DATA)", lseek(fd, 0, SEEK_DATA));
    MUST(lseek(fd, cur, SEEK_SET));
    char buf2[1024];
    memset(buf, 0, sizeof buf); memset(buf2, 0, sizeof buf2);
    long got2 = syscall(SYS_getdents64, fd, buf2, sizeof buf2);
    MUST(lseek(fd, cur, SEEK_SET));
    long got3 = syscall(SYS_getdents64, fd, buf, sizeof buf);
    FACT("re-reading from a saved d_off gives the same bytes", got2 > 0 && got2 == got3 && memcmp(buf, buf2, got2) == 0);
    close(fd);
    leave_scratch();
    return 0;
}
