// syscalls: getdents64 getdents openat close
// expect: same
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>

int main(void) {
    // Listing /proc/self/fd while closing what it lists (CPython's close_fds does this between
    // fork and exec): nothing may be skipped, so every descriptor ends up closed.
    int first = -1, last = -1;
    for (int i = 0; i < 40; i++) {
        int fd = open("/dev/null", O_RDONLY);
        if (first < 0) first = fd;
        last = fd;
    }
    // Small reads, as a listing of many descriptors would need: each getdents64 returns a few.
    int dfd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
    char small[128];
    long n;
    while ((n = syscall(SYS_getdents64, dfd, small, sizeof small)) > 0) {
        for (long off = 0; off < n;) {
            struct dirent64 *e = (struct dirent64 *)(small + off);
            int fd = atoi(e->d_name);
            if (e->d_name[0] != '.' && fd >= first && fd != dfd) close(fd);
            off += e->d_reclen;
        }
    }
    close(dfd);
    int open_left = 0;
    for (int fd = first; fd <= last; fd++) if (fcntl(fd, F_GETFD) >= 0) open_left++;
    printf("descriptors left open: %d\n", open_left);

    // getdents64 argument checks.
    long r;
    int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
    char buf[4096];
    r = syscall(SYS_getdents64, dir, buf, 1);
    printf("count 1: %ld %s\n", r, errname(r < 0 ? errno : 0));
    r = syscall(SYS_getdents64, dir, buf, 0);
    printf("count 0: %ld %s\n", r, errname(r < 0 ? errno : 0));
    r = syscall(SYS_getdents64, dir, buf, 0x80000000UL);
    printf("count > INT_MAX: %ld %s\n", r, errname(r < 0 ? errno : 0));
    int path = open("/proc/self/fd", O_PATH | O_DIRECTORY);
    r = syscall(SYS_getdents64, path, buf, sizeof buf);
    printf("O_PATH descriptor: %ld %s\n", r, errname(r < 0 ? errno : 0));
    int tmp = open("/tmp", O_RDONLY | O_DIRECTORY);
    r = syscall(SYS_getdents64, tmp, buf, 1);
    printf("tmp count 1: %ld %s\n", r, errname(r < 0 ? errno : 0));
    r = syscall(SYS_getdents64, tmp, buf, 0x80000000UL);
    printf("tmp count > INT_MAX: %ld %s\n", r, errname(r < 0 ? errno : 0));
    int tpath = open("/tmp", O_PATH | O_DIRECTORY);
    r = syscall(SYS_getdents64, tpath, buf, sizeof buf);
    printf("tmp O_PATH descriptor: %ld %s\n", r, errname(r < 0 ? errno : 0));
    r = syscall(SYS_getdents, dir, buf, 1);
    printf("legacy getdents count 1: %ld %s\n", r, errname(r < 0 ? errno : 0));
    return 0;
}
