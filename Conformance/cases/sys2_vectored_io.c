// syscalls: preadv pwritev preadv2 pwritev2 openat lseek close unlinkat
// expect: same
// normalize: preadv2 RWF_NOWAIT: 
//   the file system of /tmp decides (tmpfs in the sandbox answers EOPNOTSUPP; ext4 here natively).
#include "common.h"
#include <fcntl.h>
#include <sys/uio.h>

/* Positional vectored I/O: offsets, offset -1 for preadv2, flags, errors. */
int main(void) {
    char path[] = "/tmp/sys2_vio_XXXXXX";
    int fd = mkstemp(path);
    MUST(fd);
    struct iovec w[3] = { { "abc", 3 }, { "", 0 }, { "defgh", 5 } };
    printf("pwritev at 4: %ld\n", (long)pwritev(fd, w, 3, 4));
    printf("offset unchanged: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    char a[4] = { 0 }, b[8] = { 0 };
    struct iovec r[2] = { { a, 3 }, { b, 7 } };
    long n = preadv(fd, r, 2, 2);
    printf("preadv at 2: %ld [%d %d] %s %s\n", n, a[0], a[1], a + 2, b);
    MUST(lseek(fd, 6, SEEK_SET));
    memset(a, 0, sizeof a);
    struct iovec r1 = { a, 3 };
    printf("preadv2 offset -1: %ld %s\n", (long)preadv2(fd, &r1, 1, -1, 0), a);
    printf("file offset advanced to: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    printf("pwritev2 RWF_DSYNC: %ld\n", (long)pwritev2(fd, w, 1, 0, RWF_DSYNC));
    printf("pwritev2 RWF_SYNC: %ld\n", (long)pwritev2(fd, w + 2, 1, 12, RWF_SYNC));
    REPORT("preadv2 RWF_NOWAIT", preadv2(fd, &r1, 1, 0, RWF_NOWAIT));
    REPORT("preadv2 bad flags", preadv2(fd, &r1, 1, 0, 0x80000000));
    REPORT("preadv negative offset", preadv(fd, &r1, 1, -5));
    REPORT("pwritev negative offset", pwritev(fd, w, 1, -5));
    REPORT("preadv iovcnt too large", preadv(fd, &r1, 1025, 0));
    REPORT("preadv bad iov pointer", preadv(fd, (struct iovec *)8, 1, 0));
    int ap = open(path, O_WRONLY | O_APPEND);
    MUST(ap);
    printf("pwritev on O_APPEND: %ld\n", (long)pwritev(ap, w, 1, 0));
    printf("pwritev2 RWF_NOAPPEND: %ld\n", (long)pwritev2(ap, w, 1, 0, 0x20));
    close(ap);
    char all[32] = { 0 };
    struct iovec ra = { all, sizeof all - 1 };
    n = preadv(fd, &ra, 1, 0);
    for (long i = 0; i < n; i++) if (!all[i]) all[i] = '.';
    printf("final content: %ld %s\n", n, all);
    int p[2];
    MUST(pipe(p));
    REPORT("preadv on pipe", preadv(p[0], &r1, 1, 0));
    REPORT("preadv2 pipe offset -1 nonblock-nothing", (fcntl(p[0], F_SETFL, O_NONBLOCK), preadv2(p[0], &r1, 1, -1, 0)));
    close(fd);
    unlink(path);
    return 0;
}
