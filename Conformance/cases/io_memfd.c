// syscalls: memfd_create fcntl write pwrite64 read ftruncate mmap readlink fstat
// expect: same
/* memfd_create: names in /proc/self/fd, flags, seals (F_ADD_SEALS/F_GET_SEALS), writes, truncation
 * and mappings refused once sealed, sealing refused without MFD_ALLOW_SEALING. */
#include "common.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

static void seals(const char *label, int fd) {
    int s = fcntl(fd, F_GET_SEALS);
    if (s < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    printf("%s:%s%s%s%s%s%s\n", label, s == 0 ? " none" : "", (s & F_SEAL_SEAL) ? " SEAL" : "",
           (s & F_SEAL_SHRINK) ? " SHRINK" : "", (s & F_SEAL_GROW) ? " GROW" : "", (s & F_SEAL_WRITE) ? " WRITE" : "",
           (s & F_SEAL_FUTURE_WRITE) ? " FUTURE_WRITE" : "");
}

static void link_of(const char *label, int fd) {
    char path[64], buf[256];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(path, buf, sizeof buf - 1);
    buf[n < 0 ? 0 : n] = 0;
    printf("%s: %s\n", label, n < 0 ? errname(errno) : buf);
}

int main(void) {
    int fd = memfd_create("conf-memfd", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    MUST(fd);
    FACT("MFD_CLOEXEC", fcntl(fd, F_GETFD) == FD_CLOEXEC);
    FACT("O_RDWR", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
    link_of("fd link", fd);
    struct stat st;
    MUST(fstat(fd, &st));
    FACT("regular file", S_ISREG(st.st_mode));
    printf("initial size: %lld\n", (long long)st.st_size);
    seals("initial seals", fd);

    int plain = memfd_create("plain", 0);
    FACT("without MFD_CLOEXEC", fcntl(plain, F_GETFD) == 0);
    seals("seals without ALLOW_SEALING", plain);
    REPORT("add seal without ALLOW_SEALING", fcntl(plain, F_ADD_SEALS, F_SEAL_WRITE));
    link_of("plain link", plain);
    int empty = memfd_create("", 0);
    link_of("empty name link", empty);

    char longname[300];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    REPORT("name too long", memfd_create(longname, 0));
    REPORT("bad flags", memfd_create("x", 0x1000));
    REPORT("name with slash", memfd_create("a/b", 0));
    REPORT("ADD_SEALS on a pipe", fcntl(0 + ({ int p[2]; pipe(p); p[0]; }), F_ADD_SEALS, F_SEAL_WRITE));

    printf("write: %zd\n", write(fd, "hello memfd", 11));
    REPORT("ftruncate 4096", ftruncate(fd, 4096));
    MUST(fstat(fd, &st));
    printf("size after ftruncate: %lld\n", (long long)st.st_size);
    char buf[16] = {0};
    { ssize_t r = pread(fd, buf, 11, 0); printf("pread: %zd %s\n", r, buf); }

    REPORT("add SHRINK", fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
    seals("seals", fd);
    REPORT("shrink when SHRINK sealed", ftruncate(fd, 100));
    REPORT("grow when SHRINK sealed", ftruncate(fd, 8192));
    REPORT("add GROW", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
    REPORT("grow when GROW sealed", ftruncate(fd, 16384));
    REPORT("write past end when GROW sealed", pwrite(fd, "x", 1, 8192));
    REPORT("write inside when GROW sealed", pwrite(fd, "x", 1, 10));

    char *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    FACT("shared writable map", shared != MAP_FAILED);
    REPORT("add WRITE while a writable map exists", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
    munmap(shared, 4096);
    REPORT("add WRITE after unmapping", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
    seals("seals", fd);
    REPORT("write after SEAL_WRITE", write(fd, "y", 1));
    REPORT("pwrite after SEAL_WRITE", pwrite(fd, "y", 1, 0));
    errno = 0;
    void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("mmap shared writable after SEAL_WRITE: %s\n", m == MAP_FAILED ? errname(errno) : "ok");
    m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
    printf("mmap shared read-only after SEAL_WRITE: %s\n", m == MAP_FAILED ? errname(errno) : "ok");
    m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    printf("mmap private writable after SEAL_WRITE: %s\n", m == MAP_FAILED ? errname(errno) : "ok");
    memset(buf, 0, sizeof buf);
    { ssize_t r = pread(fd, buf, 5, 0); printf("read still works: %zd %s\n", r, buf); }
    REPORT("add SEAL", fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL));
    REPORT("add after SEAL", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
    seals("final seals", fd);
    REPORT("add bad seal bits", fcntl(plain, F_ADD_SEALS, 0x1000));

    /* The name is visible through a second open of /proc/self/fd/N, which shares the seals. */
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    int again = open(path, O_RDWR);
    FACT("reopen via /proc/self/fd", again >= 0);
    seals("reopened seals", again);
    REPORT("write via reopened fd", write(again, "z", 1));
    return 0;
}
