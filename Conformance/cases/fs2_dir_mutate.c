// syscalls: getdents64 openat unlink mkdir lseek close
// expect: same
/* Reading a directory while creating and removing entries: names present before and never
 * removed are seen exactly once; removed names are not seen twice; new names at most once. */
#include "fs2_util.h"
#include <dirent.h>

#define N 300

int main(void) {
    enter_scratch("fs2-mutate");
    MUST(mkdir("d", 0755));
    char p[64];
    for (int i = 0; i < N; i++) {
        snprintf(p, sizeof p, "d/old%03d", i);
        MUST(close(open(p, O_CREAT | O_WRONLY, 0644)));
    }
    int seen_old[N] = {0}, seen_new[N] = {0};
    int fd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(fd);
    char buf[512];
    int created = 0, removed_seen_after = 0, other = 0, rounds = 0;
    for (;;) {
        long got = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (got < 0) { printf("getdents64: %s\n", errname(errno)); break; }
        if (got == 0) break;
        rounds++;
        for (long off = 0; off < got;) {
            struct dirent64 *e = (struct dirent64 *)(buf + off);
            off += e->d_reclen;
            int i;
            if (sscanf(e->d_name, "old%03d", &i) == 1) seen_old[i]++;
            else if (sscanf(e->d_name, "new%03d", &i) == 1) seen_new[i]++;
            else if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) other++;
        }
        /* after every batch: remove two odd old entries (from the high end), create two new */
        for (int k = 0; k < 2; k++) {
            int victim = N - 1 - 2 * (rounds * 2 + k);
            if (victim > 0 && victim % 2 == 1) {
                snprintf(p, sizeof p, "d/old%03d", victim);
                if (unlink(p) == 0 && seen_old[victim]) removed_seen_after++;
            }
            if (created < N) {
                snprintf(p, sizeof p, "d/new%03d", created++);
                MUST(close(open(p, O_CREAT | O_WRONLY, 0644)));
            }
        }
    }
    int even_once = 0, even_bad = 0, odd_twice = 0, new_twice = 0;
    struct stat st;
    for (int i = 0; i < N; i++) {
        snprintf(p, sizeof p, "d/old%03d", i);
        int exists = lstat(p, &st) == 0;
        if (exists) { if (seen_old[i] == 1) even_once++; else even_bad++; }
        else if (seen_old[i] > 1) odd_twice++;
        if (seen_new[i] > 1) new_twice++;
    }
    printf("several batches: %s\n", rounds > 3 ? "yes" : "no");
    (void)even_once;
    printf("surviving old entries not seen exactly once: %d\n", even_bad);
    printf("removed entries seen twice: %d\n", odd_twice);
    printf("new entries seen twice: %d\n", new_twice);
    printf("unexpected names: %d\n", other);
    /* a fresh pass from the start sees the final state exactly */
    MUST(lseek(fd, 0, SEEK_SET));
    int total = 0;
    for (;;) {
        long got = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (got <= 0) break;
        for (long off = 0; off < got;) { off += ((struct dirent64 *)(buf + off))->d_reclen; total++; }
    }
    DIR *d = opendir("d");
    int count = 0;
    while (readdir(d)) count++;
    closedir(d);
    FACT("rewound listing matches a fresh opendir", total == count);
    close(fd);
    /* remove everything while listing: no errors, listing completes */
    d = opendir("d");
    struct dirent *e;
    int unl = 0, err = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        snprintf(p, sizeof p, "d/%s", e->d_name);
        if (unlink(p) == 0) unl++; else err++;
    }
    closedir(d);
    printf("removed while listing: errors=%d, all gone: %s\n", err, rmdir("d") == 0 ? "yes" : "no");
    leave_scratch();
    return 0;
}
