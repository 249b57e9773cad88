// syscalls: memfd_create ftruncate mmap munmap fcntl clone wait4 write pread64 fstat
// expect: same
/* memfd: shared mapping inherited across fork and re-mapped in the child via /proc/self/fd;
 * seals (F_SEAL_GROW/SHRINK/WRITE/FUTURE_WRITE) and their effect on mmap, write, ftruncate. */
#include "common.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

int main(void) {
    long pg = sysconf(_SC_PAGESIZE);
    int fd = memfd_create("conf-memfd", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    MUST(fd);
    MUST(ftruncate(fd, 2 * pg));
    char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    strcpy(m, "parent");
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        char path[64];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        int f2 = open(path, O_RDWR);
        if (f2 < 0) _exit(10);
        char *cm = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, f2, pg);
        if (cm == MAP_FAILED) _exit(11);
        strcpy(cm, "child-via-proc");
        strcpy(m + 100, "child-inherited");
        _exit(strcmp(m, "parent") == 0 ? 0 : 12);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    printf("child exit: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    printf("parent sees: %s / %s\n", m + 100, m + pg);

    printf("seals at start: %d\n", fcntl(fd, F_GET_SEALS));
    REPORT("F_SEAL_GROW|F_SEAL_SHRINK", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW | F_SEAL_SHRINK));
    REPORT("ftruncate grow sealed", ftruncate(fd, 4 * pg));
    REPORT("ftruncate shrink sealed", ftruncate(fd, pg));
    REPORT("pwrite within size", pwrite(fd, "x", 1, 10));
    REPORT("pwrite past end", pwrite(fd, "x", 1, 2 * pg));
    REPORT("F_SEAL_WRITE while writably mapped", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
    MUST(munmap(m, 2 * pg));
    REPORT("F_SEAL_WRITE after munmap", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
    REPORT("write after F_SEAL_WRITE", pwrite(fd, "x", 1, 0));
    errno = 0;
    void *r = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("shared writable mmap after seal: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
    r = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
    printf("shared read-only mmap after seal: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
    if (r != MAP_FAILED) REPORT("mprotect it writable", mprotect(r, pg, PROT_READ | PROT_WRITE));
    r = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    printf("private writable mmap after seal: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
    REPORT("F_SEAL_SEAL", fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL));
    REPORT("add seal after F_SEAL_SEAL", fcntl(fd, F_ADD_SEALS, 0x0020 /* F_SEAL_EXEC */));
    printf("seals now: %#x\n", fcntl(fd, F_GET_SEALS));

    int nf = memfd_create("noseal", 0);
    REPORT("add seal without ALLOW_SEALING", fcntl(nf, F_ADD_SEALS, F_SEAL_WRITE));
    printf("seals of non-sealable memfd: %#x\n", fcntl(nf, F_GET_SEALS));
    int ff = memfd_create("future", MFD_ALLOW_SEALING);
    MUST(ftruncate(ff, pg));
    char *fm = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, ff, 0);
    REPORT("F_SEAL_FUTURE_WRITE with writable map", fcntl(ff, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
    strcpy(fm, "old-map-still-writes");
    char buf[32] = {0};
    MUST(pread(ff, buf, 20, 0));
    printf("old writable map after FUTURE_WRITE: %s\n", buf);
    REPORT("write() after FUTURE_WRITE", pwrite(ff, "x", 1, 0));
    errno = 0;
    r = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, ff, 0);
    printf("new shared writable map after FUTURE_WRITE: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
    errno = 0;
    printf("memfd name too long: %s\n", memfd_create("0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789", 0) < 0 ? errname(errno) : "ok");
    printf("memfd bad flags: %s\n", memfd_create("x", 0x1000) < 0 ? errname(errno) : "ok");
    struct stat s;
    MUST(fstat(ff, &s));
    printf("memfd mode: %o\n", s.st_mode & 07777);
    return 0;
}
