// syscalls: openat read write close newfstatat getrandom
// expect: same
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

static void device(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) { printf("%s: stat %s\n", path, errname(errno)); return; }
    printf("%s: chr=%s rdev=%u:%u\n", path, S_ISCHR(st.st_mode) ? "yes" : "no",
           major(st.st_rdev), minor(st.st_rdev));
}

int main(void) {
    device("/dev/null");
    device("/dev/zero");
    device("/dev/full");
    device("/dev/random");
    device("/dev/urandom");

    char buf[64];
    int fd = open("/dev/null", O_RDWR);
    MUST(fd);
    printf("/dev/null write: %zd\n", write(fd, "gone", 4));
    printf("/dev/null read: %zd\n", read(fd, buf, sizeof buf));
    close(fd);

    fd = open("/dev/zero", O_RDONLY);
    MUST(fd);
    memset(buf, 'x', sizeof buf);
    printf("/dev/zero read: %zd\n", read(fd, buf, sizeof buf));
    FACT("/dev/zero gives zeros", buf[0] == 0 && buf[63] == 0);
    close(fd);

    fd = open("/dev/full", O_WRONLY);
    MUST(fd);
    REPORT("/dev/full write", write(fd, "x", 1));
    close(fd);

    fd = open("/dev/urandom", O_RDONLY);
    MUST(fd);
    char a[16] = {0}, b[16] = {0};
    printf("/dev/urandom read: %zd\n", read(fd, a, sizeof a));
    read(fd, b, sizeof b);
    FACT("/dev/urandom two reads differ", memcmp(a, b, sizeof a) != 0);
    close(fd);
    FACT("getrandom works", getentropy(a, sizeof a) == 0);
    REPORT("open /dev/does-not-exist", open("/dev/does-not-exist", O_RDONLY));
    return 0;
}
