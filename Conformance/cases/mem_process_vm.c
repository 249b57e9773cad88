// syscalls: process_vm_readv process_vm_writev clone wait4 setgroups setgid setuid prctl kill
// expect: differs: process_vm_readv/writev are denied (EPERM) for every pid, the caller's own included
/* process_vm_readv/writev on the caller itself, on a forked child (same uid), partial
 * transfers at an unmapped boundary, bad pid, bad flags; as uid 1000 too. */
#include "common.h"
#include <grp.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>

static char src[64] = "process-vm-source-buffer";
static void run(const char *who) {
    long pg = sysconf(_SC_PAGESIZE);
    char dst[64] = {0};
    struct iovec l = { dst, 24 }, r = { src, 24 };
    errno = 0;
    ssize_t n = process_vm_readv(getpid(), &l, 1, &r, 1, 0);
    printf("%s: readv self: %zd %s data %s\n", who, n, n < 0 ? errname(errno) : "", strcmp(dst, src) == 0 ? "equal" : "differs");
    char w[] = "WRITTEN";
    struct iovec lw = { w, 7 }, rw = { src + 30, 7 };
    errno = 0;
    n = process_vm_writev(getpid(), &lw, 1, &rw, 1, 0);
    printf("%s: writev self: %zd %s data %.7s\n", who, n, n < 0 ? errname(errno) : "", src + 30);
    /* remote range crossing into an unmapped page: partial */
    char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(m + pg, pg);
    memset(m, 'm', pg);
    char big[200];
    struct iovec lb = { big, 200 }, rb = { m + pg - 100, 200 };
    errno = 0;
    n = process_vm_readv(getpid(), &lb, 1, &rb, 1, 0);
    printf("%s: readv across unmapped boundary: %zd %s\n", who, n, n < 0 ? errname(errno) : "");
    struct iovec ru = { m + pg, 10 };
    errno = 0;
    n = process_vm_readv(getpid(), &lb, 1, &ru, 1, 0);
    printf("%s: readv of unmapped: %zd %s\n", who, n, n < 0 ? errname(errno) : "");
    errno = 0;
    n = process_vm_readv(getpid(), &l, 1, &r, 1, 1);
    printf("%s: bad flags: %s\n", who, n < 0 ? errname(errno) : "ok");
    errno = 0;
    n = process_vm_readv(0x3ffffff0, &l, 1, &r, 1, 0);
    printf("%s: no such pid: %s\n", who, n < 0 ? errname(errno) : "ok");
    /* a child of the same uid, stopped in pause() after writing a marker */
    int p[2];
    pipe(p);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        strcpy(src, "child-copy");
        write(p[1], "r", 1);
        pause();
        _exit(0);
    }
    char b;
    read(p[0], &b, 1);
    memset(dst, 0, sizeof dst);
    struct iovec rc = { src, 10 };
    errno = 0;
    n = process_vm_readv(c, &l, 1, &rc, 1, 0);
    printf("%s: readv child: %zd %s data %s\n", who, n, n < 0 ? errname(errno) : "", n > 0 ? dst : "-");
    kill(c, SIGKILL);
    waitpid(c, NULL, 0);
}

int main(void) {
    run("self");
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        if (getuid() == 0) {
            MUST(setgroups(0, NULL));
            MUST(setgid(1000));
            MUST(setuid(1000));
            MUST(prctl(PR_SET_DUMPABLE, 1)); /* a started-as-1000 process is dumpable */
        }
        run("uid1000");
        fflush(stdout);
        _exit(0);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    printf("child exit: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
