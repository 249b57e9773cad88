// syscalls: statfs sysinfo uname
// expect: same
/* statfs, sysinfo and uname with bad buffers: NULL, (void*)1, a kernel address, read-only
 * memory, a buffer straddling the end of a mapping and one ending exactly there; statfs also
 * with the lookup's errors first (missing, empty, NULL, through a file, trailing slash, dangling,
 * NAME_MAX+1, PATH_MAX, unterminated at a mapping's end). Only errnos and sanity facts. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

#include "err_util.h"

int main(void) {
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(ro == MAP_FAILED ? -1 : 0);
    void *kernel = (void *)0xffffffff81000000UL;
    enter_scratch("err3-statfs");
    put("f", "x");
    MUST(symlink("nowhere", "dangling"));
    struct statfs sf;

    REPORT("statfs ok", syscall(SYS_statfs, "f", &sf));
    REPORT("statfs NULL buffer", syscall(SYS_statfs, "f", NULL));
    REPORT("statfs (void*)1 buffer", syscall(SYS_statfs, "f", (void *)1));
    REPORT("statfs kernel buffer", syscall(SYS_statfs, "f", kernel));
    REPORT("statfs read-only buffer", syscall(SYS_statfs, "f", ro));
    REPORT("statfs buffer straddling edge", syscall(SYS_statfs, "f", edge - 64));
    REPORT("statfs buffer ending at edge", syscall(SYS_statfs, "f", edge - sizeof sf));
    REPORT("statfs NULL buffer, missing", syscall(SYS_statfs, "missing", NULL));
    REPORT("statfs NULL buffer, f/", syscall(SYS_statfs, "f/", NULL));
    REPORT("statfs NULL path", syscall(SYS_statfs, NULL, &sf));
    REPORT("statfs NULL path, NULL buffer", syscall(SYS_statfs, NULL, NULL));
    REPORT("statfs kernel path", syscall(SYS_statfs, kernel, &sf));
    REPORT("statfs empty path", syscall(SYS_statfs, "", &sf));
    REPORT("statfs f/x", syscall(SYS_statfs, "f/x", &sf));
    REPORT("statfs dangling", syscall(SYS_statfs, "dangling", &sf));
    REPORT("statfs missing/x", syscall(SYS_statfs, "missing/x", &sf));
    char n256[260];
    memset(n256, 'n', 256);
    n256[256] = 0;
    REPORT("statfs 256-byte name", syscall(SYS_statfs, n256, &sf));
    char longp[4100];
    memset(longp, '/', 4096);
    longp[4096] = 0;
    REPORT("statfs 4096 slashes", syscall(SYS_statfs, longp, &sf));
    longp[4095] = 0;
    REPORT("statfs 4095 slashes", syscall(SYS_statfs, longp, &sf));
    char *p = edge - 64;
    memset(p, '/', 63);
    p[63] = 'f';
    REPORT("statfs path unterminated at edge", syscall(SYS_statfs, p, &sf));
    p[63] = 0;
    REPORT("statfs path ending at edge", syscall(SYS_statfs, p, &sf));

    struct sysinfo si;
    memset(&si, 0, sizeof si);
    REPORT("sysinfo ok", syscall(SYS_sysinfo, &si));
    FACT("  mem_unit nonzero", si.mem_unit != 0);
    FACT("  totalram nonzero", si.totalram != 0);
    FACT("  procs nonzero", si.procs != 0);
    REPORT("sysinfo NULL", syscall(SYS_sysinfo, NULL));
    REPORT("sysinfo (void*)1", syscall(SYS_sysinfo, (void *)1));
    REPORT("sysinfo kernel address", syscall(SYS_sysinfo, kernel));
    REPORT("sysinfo read-only", syscall(SYS_sysinfo, ro));
    REPORT("sysinfo straddling edge", syscall(SYS_sysinfo, edge - 56));
    struct sysinfo *esi = (struct sysinfo *)(edge - sizeof si);
    REPORT("sysinfo ending at edge", syscall(SYS_sysinfo, esi));
    FACT("  mem_unit nonzero at edge", esi->mem_unit != 0);

    struct utsname u;
    REPORT("uname ok", syscall(SYS_uname, &u));
    REPORT("uname NULL", syscall(SYS_uname, NULL));
    REPORT("uname (void*)1", syscall(SYS_uname, (void *)1));
    REPORT("uname kernel address", syscall(SYS_uname, kernel));
    REPORT("uname read-only", syscall(SYS_uname, ro));
    REPORT("uname straddling edge", syscall(SYS_uname, edge - 100));
    struct utsname *eu = (struct utsname *)(edge - sizeof u);
    REPORT("uname ending at edge", syscall(SYS_uname, eu));
    FACT("  sysname Linux at edge", strcmp(eu->sysname, "Linux") == 0);
    FACT("  same nodename at edge", strcmp(eu->nodename, u.nodename) == 0);
    leave_scratch();
    return 0;
}
