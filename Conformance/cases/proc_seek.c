// syscalls: lseek openat read
// expect: same
/* Seeking in /proc and /sys as Linux's own files allow: a seq_file (/proc/self/status,
 * /proc/cpuinfo) has no end (SEEK_END, SEEK_DATA: EINVAL); a sysctl file and the directories are
 * empty (SEEK_END 0, SEEK_DATA ENXIO); a sysfs attribute is one page. SEEK_SET and SEEK_CUR move
 * as anywhere, and reading after SEEK_SET 0 reads from the start again. */
#include "common.h"
#include <fcntl.h>

static void seek(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { printf("%s: open %s\n", path, errname(errno)); return; }
    errno = 0;
    off_t end = lseek(fd, 0, SEEK_END);
    printf("%s SEEK_END: %s\n", path, end < 0 ? errname(errno) : end == 0 ? "0" : end == 4096 ? "4096" : "other");
    errno = 0;
    off_t back = lseek(fd, -1, SEEK_END);
    printf("%s SEEK_END -1: %s\n", path, back < 0 ? errname(errno) : back == 4095 ? "4095" : "other");
    errno = 0;
    off_t data = lseek(fd, 0, SEEK_DATA);
    printf("%s SEEK_DATA 0: %s\n", path, data < 0 ? errname(errno) : data == 0 ? "0" : "other");
    errno = 0;
    off_t hole = lseek(fd, 1, SEEK_HOLE);
    printf("%s SEEK_HOLE 1: %s\n", path, hole < 0 ? errname(errno) : hole == 4096 ? "4096" : "other");
    printf("%s SEEK_SET 3: %ld\n", path, (long)lseek(fd, 3, SEEK_SET));
    printf("%s SEEK_CUR 2: %ld\n", path, (long)lseek(fd, 2, SEEK_CUR));
    char a[16] = {0}, b[16] = {0};
    lseek(fd, 0, SEEK_SET);
    ssize_t n = read(fd, a, sizeof a - 1);
    lseek(fd, 0, SEEK_SET);
    ssize_t m = read(fd, b, sizeof b - 1);
    FACT("  re-read after SEEK_SET 0 gives the same bytes", n == m && memcmp(a, b, sizeof a) == 0);
    close(fd);
}

int main(void) {
    seek("/proc/self/status");
    seek("/proc/cpuinfo");
    seek("/proc/self/stat");
    seek("/proc/sys/kernel/pid_max");
    seek("/proc/sys/kernel/ostype");
    seek("/sys/devices/system/cpu/online");
    seek("/sys/devices/system/cpu");
    seek("/proc/self");
    return 0;
}
