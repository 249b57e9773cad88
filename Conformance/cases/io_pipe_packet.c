// syscalls: pipe2 pipe fcntl read write ioctl
// expect: same
/* pipe2 flags: O_DIRECT packet mode keeps write boundaries (short reads drop the rest),
 * O_NONBLOCK on both ends, bad flags; F_SETPIPE_SZ/F_GETPIPE_SZ rounding and errors, FIONREAD,
 * filling a pipe to EAGAIN and reading back what was accepted. */
#include "common.h"
#include <fcntl.h>
#include <sys/ioctl.h>

int main(void) {
    int p[2];
    REPORT("pipe2 bad flags", pipe2(p, O_APPEND));
    REPORT("pipe2 O_DIRECT|O_NONBLOCK", pipe2(p, O_DIRECT | O_NONBLOCK));
    FACT("read end has O_DIRECT", (fcntl(p[0], F_GETFL) & O_DIRECT) != 0);
    FACT("write end has O_DIRECT", (fcntl(p[1], F_GETFL) & O_DIRECT) != 0);
    FACT("both ends O_NONBLOCK", (fcntl(p[0], F_GETFL) & O_NONBLOCK) && (fcntl(p[1], F_GETFL) & O_NONBLOCK));
    FACT("read end O_RDONLY", (fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY);
    FACT("write end O_WRONLY", (fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY);
    printf("write packet 1: %zd\n", write(p[1], "first-packet", 12));
    printf("write packet 2: %zd\n", write(p[1], "second", 6));
    int avail = -1;
    ioctl(p[0], FIONREAD, &avail);
    printf("FIONREAD: %d\n", avail);
    char buf[64] = {0};
    ssize_t r = read(p[0], buf, 5);
    printf("short read of packet 1: %zd %.*s\n", r, (int)(r > 0 ? r : 0), buf);
    r = read(p[0], buf, sizeof buf);
    printf("next read gets packet 2: %zd %.*s\n", r, (int)(r > 0 ? r : 0), buf);
    REPORT("read empty packet pipe", read(p[0], buf, sizeof buf));
    close(p[0]); close(p[1]);

    /* Byte-stream mode for comparison. */
    MUST(pipe2(p, O_NONBLOCK));
    write(p[1], "first-packet", 12);
    write(p[1], "second", 6);
    r = read(p[0], buf, 5);
    printf("stream short read: %zd %.*s\n", r, (int)r, buf);
    r = read(p[0], buf, sizeof buf);
    printf("stream rest: %zd %.*s\n", r, (int)r, buf);
    FACT("toggle O_DIRECT with F_SETFL", fcntl(p[1], F_SETFL, O_DIRECT | O_NONBLOCK) == 0 && (fcntl(p[1], F_GETFL) & O_DIRECT));

    printf("F_GETPIPE_SZ default: %d\n", fcntl(p[0], F_GETPIPE_SZ));
    printf("F_SETPIPE_SZ 5000: %d\n", fcntl(p[0], F_SETPIPE_SZ, 5000));
    printf("F_GETPIPE_SZ on the other end: %d\n", fcntl(p[1], F_GETPIPE_SZ));
    printf("F_SETPIPE_SZ 131072: %d\n", fcntl(p[1], F_SETPIPE_SZ, 131072));
    printf("F_SETPIPE_SZ 100000: %d\n", fcntl(p[1], F_SETPIPE_SZ, 100000));
    printf("F_SETPIPE_SZ 1: %d\n", fcntl(p[1], F_SETPIPE_SZ, 1));
    REPORT("F_SETPIPE_SZ 0x7fffffff", fcntl(p[1], F_SETPIPE_SZ, 0x7fffffff));
    REPORT("F_GETPIPE_SZ on a regular file", fcntl(open("/proc/self/stat", O_RDONLY), F_GETPIPE_SZ));

    /* Fill a 4096-byte pipe: the nonblocking writer stops with EAGAIN. */
    MUST(fcntl(p[1], F_SETFL, O_NONBLOCK));
    printf("F_SETPIPE_SZ 4096: %d\n", fcntl(p[1], F_SETPIPE_SZ, 4096));
    static char chunk[1000];
    memset(chunk, 'z', sizeof chunk);
    long total = 0;
    for (;;) {
        ssize_t w = write(p[1], chunk, sizeof chunk);
        if (w < 0) { printf("fill ended: %s\n", errname(errno)); break; }
        total += w;
    }
    printf("bytes accepted: %ld\n", total);
    ioctl(p[0], FIONREAD, &avail);
    printf("FIONREAD full: %d\n", avail);
    write(p[0], "x", 1);
    REPORT("write to read end", write(p[0], "x", 1));
    REPORT("read from write end", read(p[1], buf, 1));
    REPORT("shrink below contents", fcntl(p[1], F_SETPIPE_SZ, 0));
    long got = 0;
    while ((r = read(p[0], buf, sizeof buf)) > 0) got += r;
    printf("bytes drained: %ld\n", got);
    return 0;
}
