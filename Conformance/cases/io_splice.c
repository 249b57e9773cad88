// syscalls: splice tee vmsplice pipe2 openat write read lseek
// expect: same
/* splice between pipes and a file (offsets given and not), tee duplicating pipe data,
 * vmsplice of user memory into a pipe, and the EINVAL/ESPIPE/EBADF paths. */
#include "common.h"
#include <fcntl.h>
#include <sys/uio.h>

static void drain(const char *label, int fd) {
    char buf[128] = {0};
    ssize_t r = read(fd, buf, sizeof buf - 1);
    printf("%s: %zd \"%s\"\n", label, r, r > 0 ? buf : "");
}

int main(void) {
    char path[] = "/tmp/conf-splice-XXXXXX";
    int f = mkstemp(path);
    MUST(f);
    MUST(write(f, "0123456789abcdef", 16));
    int a[2], b[2];
    MUST(pipe2(a, O_NONBLOCK));
    MUST(pipe2(b, O_NONBLOCK));

    loff_t off = 4;
    ssize_t n = splice(f, &off, a[1], NULL, 6, 0);
    printf("splice file@4 -> pipe: %zd, offset now %lld, file pos %lld\n", n, (long long)off, (long long)lseek(f, 0, SEEK_CUR));
    drain("pipe holds", a[0]);
    MUST(lseek(f, 10, SEEK_SET));
    n = splice(f, NULL, a[1], NULL, 100, 0);
    printf("splice file (own pos 10) -> pipe: %zd, file pos %lld\n", n, (long long)lseek(f, 0, SEEK_CUR));
    drain("pipe holds", a[0]);
    n = splice(f, NULL, a[1], NULL, 100, 0);
    printf("splice at EOF: %zd\n", n);

    write(a[1], "PIPEDATA", 8);
    off = 2;
    n = splice(a[0], NULL, f, &off, 8, 0);
    printf("splice pipe -> file@2: %zd, offset now %lld\n", n, (long long)off);
    char buf[32] = {0};
    pread(f, buf, 16, 0);
    printf("file now: %s\n", buf);

    write(a[1], "teedata", 7);
    n = tee(a[0], b[1], 100, SPLICE_F_NONBLOCK);
    printf("tee: %zd\n", n);
    drain("tee source still has", a[0]);
    drain("tee target got", b[0]);
    REPORT("tee from empty pipe (nonblocking)", tee(a[0], b[1], 10, SPLICE_F_NONBLOCK));
    REPORT("tee to itself", tee(a[0], a[1], 10, SPLICE_F_NONBLOCK));
    REPORT("tee from a file", tee(f, b[1], 10, 0));

    write(a[1], "pipe2pipe", 9);
    n = splice(a[0], NULL, b[1], NULL, 4, 0);
    printf("splice pipe -> pipe 4 of 9: %zd\n", n);
    drain("target", b[0]);
    drain("source rest", a[0]);

    char v1[] = "vm", v2[] = "splice";
    struct iovec iov[2] = { { v1, 2 }, { v2, 6 } };
    n = vmsplice(a[1], iov, 2, 0);
    printf("vmsplice: %zd\n", n);
    drain("vmsplice pipe holds", a[0]);
    REPORT("vmsplice to a file", vmsplice(f, iov, 2, 0));
    REPORT("vmsplice bad flags", vmsplice(a[1], iov, 2, 0x100));

    REPORT("splice file -> file", splice(f, NULL, f, NULL, 4, 0));
    off = 0;
    REPORT("splice pipe with offset (ESPIPE)", splice(a[0], &off, f, NULL, 4, 0));
    REPORT("splice bad fd", splice(999, NULL, a[1], NULL, 4, 0));
    REPORT("splice bad flags", splice(f, &off, a[1], NULL, 4, 0x100));
    REPORT("splice empty pipe nonblocking", splice(a[0], NULL, f, NULL, 4, SPLICE_F_NONBLOCK));
    off = -1;
    REPORT("splice negative offset", splice(f, &off, a[1], NULL, 4, 0));
    int ro = open(path, O_RDONLY);
    write(a[1], "x", 1);
    REPORT("splice into read-only file", splice(a[0], NULL, ro, NULL, 1, 0));
    int wo = open(path, O_WRONLY);
    REPORT("splice from write-only file", splice(wo, NULL, b[1], NULL, 1, 0));
    int ap = open(path, O_WRONLY | O_APPEND);
    REPORT("splice into O_APPEND file", splice(a[0], NULL, ap, NULL, 1, 0));
    unlink(path);
    return 0;
}
