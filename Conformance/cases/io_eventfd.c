// syscalls: eventfd2 eventfd read write poll fcntl
// expect: same
/* eventfd: counter semantics, EFD_SEMAPHORE, overflow (EAGAIN), short reads/writes (EINVAL),
 * flags (EFD_CLOEXEC, EFD_NONBLOCK) and poll readiness. */
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>

static const char *pollstate(int fd) {
    struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT };
    int n = poll(&p, 1, 0);
    if (n < 0) return errname(errno);
    static char s[32];
    snprintf(s, sizeof s, "%s%s", (p.revents & POLLIN) ? "in" : "-", (p.revents & POLLOUT) ? "out" : "-");
    return s;
}

int main(void) {
    uint64_t v;
    int fd = eventfd(5, EFD_NONBLOCK | EFD_CLOEXEC);
    MUST(fd);
    FACT("EFD_CLOEXEC sets FD_CLOEXEC", fcntl(fd, F_GETFD) == FD_CLOEXEC);
    FACT("EFD_NONBLOCK sets O_NONBLOCK", (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    FACT("O_RDWR", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
    printf("poll initial 5: %s\n", pollstate(fd));
    { ssize_t r = read(fd, &v, 8); printf("read: %zd value %llu\n", r, (unsigned long long)v); }
    printf("poll after read: %s\n", pollstate(fd));
    REPORT("read zero counter nonblocking", read(fd, &v, 8));
    v = 3; printf("write 3: %zd\n", write(fd, &v, 8));
    v = 4; printf("write 4: %zd\n", write(fd, &v, 8));
    { v = 0; ssize_t r = read(fd, &v, 8); printf("read sum: %zd value %llu\n", r, (unsigned long long)v); }
    REPORT("read 4 bytes", read(fd, &v, 4));
    REPORT("read 7 bytes", read(fd, &v, 7));
    char big[16];
    v = 2; write(fd, &v, 8);
    printf("read 16 bytes: %zd\n", read(fd, big, 16));
    REPORT("write 4 bytes", write(fd, &v, 4));
    v = UINT64_MAX; REPORT("write UINT64_MAX", write(fd, &v, 8));
    v = UINT64_MAX - 1; REPORT("write UINT64_MAX-1", write(fd, &v, 8));
    printf("poll at max: %s\n", pollstate(fd));
    v = 1; REPORT("write 1 at max (overflow)", write(fd, &v, 8));
    v = 0; REPORT("write 0 at max", write(fd, &v, 8));
    v = 0; read(fd, &v, 8);
    FACT("read back UINT64_MAX-1", v == UINT64_MAX - 1);
    close(fd);

    fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
    MUST(fd);
    FACT("no EFD_CLOEXEC: FD_CLOEXEC clear", fcntl(fd, F_GETFD) == 0);
    for (int i = 0; i < 4; i++) {
        v = 99;
        ssize_t r = read(fd, &v, 8);
        printf("semaphore read %d: %s value %llu\n", i, r < 0 ? errname(errno) : "ok", (unsigned long long)(r < 0 ? 0 : v));
    }
    v = 2; write(fd, &v, 8);
    printf("poll semaphore 2: %s\n", pollstate(fd));
    read(fd, &v, 8);
    printf("semaphore read after write 2: %llu\n", (unsigned long long)v);
    close(fd);

    REPORT("eventfd bad flags", eventfd(0, 0x1234));
    REPORT("eventfd2 O_RDONLY flag", syscall(SYS_eventfd2, 0, O_RDONLY | 0x100000));
    int raw = syscall(SYS_eventfd, 7);
    printf("legacy eventfd: %s\n", raw >= 0 ? "ok" : errname(errno));
    if (raw >= 0) { read(raw, &v, 8); printf("legacy value: %llu\n", (unsigned long long)v); }

    /* Blocking read woken by another process. */
    fd = eventfd(0, 0);
    pid_t c = fork();
    MUST(c);
    if (c == 0) { usleep(20000); v = 42; write(fd, &v, 8); _exit(0); }
    v = 0;
    { ssize_t r = read(fd, &v, 8); printf("blocking read: %zd value %llu\n", r, (unsigned long long)v); }
    return 0;
}
