// syscalls: openat newfstatat mkdirat unlinkat readlinkat truncate chdir fchmodat
// expect: same
/* NAME_MAX+1 components and PATH_MAX paths across filesystems: in the scratch directory (the
 * filesystem refuses a 256-byte name: ENAMETOOLONG), under /proc, /proc/self, /proc/sys and /dev
 * (procfs looks a long name up like any other: ENOENT), after a missing directory or a file
 * (ENOENT/ENOTDIR win), as "long/.." (the long name is still looked up); a 4096-byte path of
 * slashes, "./" pairs and a long name; the same through several calls. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static char n256[300];

static void probe(const char *label, const char *dir) {
    char p[600];
    struct stat st;
    snprintf(p, sizeof p, "%s%s", dir, n256);
    printf("%s:", label);
    errno = 0;
    printf(" stat %s", syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0) == 0 ? "ok" : errname(errno));
    errno = 0;
    long fd = syscall(SYS_openat, AT_FDCWD, p, O_RDONLY, 0);
    printf(", open %s", fd >= 0 ? "ok" : errname(errno));
    if (fd >= 0) close((int)fd);
    errno = 0;
    printf(", mkdir %s", syscall(SYS_mkdirat, AT_FDCWD, p, 0755) == 0 ? "ok" : errname(errno));
    errno = 0;
    printf(", unlink %s", syscall(SYS_unlinkat, AT_FDCWD, p, 0) == 0 ? "ok" : errname(errno));
    char buf[64];
    errno = 0;
    printf(", readlink %s", syscall(SYS_readlinkat, AT_FDCWD, p, buf, (long)sizeof buf) >= 0 ? "ok" : errname(errno));
    errno = 0;
    printf(", chmod %s", syscall(SYS_fchmodat, AT_FDCWD, p, 0644) == 0 ? "ok" : errname(errno));
    errno = 0;
    printf(", truncate %s", syscall(SYS_truncate, p, 0L) == 0 ? "ok" : errname(errno));
    errno = 0;
    printf(", chdir %s\n", syscall(SYS_chdir, p) == 0 ? "ok" : errname(errno));
}

int main(void) {
    memset(n256, 'n', 256);
    n256[256] = 0;
    enter_scratch("err3-names");
    put("f", "x");
    MUST(mkdir("d", 0755));
    char here[80];
    snprintf(here, sizeof here, "%s/", scratch);

    probe("scratch, 256-byte name", "");
    probe("scratch (absolute), 256-byte name", here);
    probe("missing/ then 256", "missing/");
    probe("f/ then 256", "f/");
    probe("/proc/ then 256", "/proc/");
    probe("/proc/self/ then 256", "/proc/self/");
    probe("/proc/self/fd/ then 256", "/proc/self/fd/");
    probe("/proc/sys/ then 256", "/proc/sys/");
    probe("/proc/sys/kernel/ then 256", "/proc/sys/kernel/");
    probe("/dev/ then 256", "/dev/");

    char p[700];
    struct stat st;
    snprintf(p, sizeof p, "d/%s/..", n256);
    REPORT("stat d/<256>/..", syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0));
    snprintf(p, sizeof p, "/proc/%s/..", n256);
    REPORT("stat /proc/<256>/..", syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0));
    snprintf(p, sizeof p, "/proc/self/%s/../status", n256);
    REPORT("stat /proc/self/<256>/../status", syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0));
    n256[255] = 0;
    snprintf(p, sizeof p, "/proc/%s", n256);
    REPORT("stat /proc/<255>", syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0));
    REPORT("mkdir 255-byte name (ok)", syscall(SYS_mkdirat, AT_FDCWD, n256, 0755));
    REPORT("rmdir 255-byte name (ok)", syscall(SYS_unlinkat, AT_FDCWD, n256, AT_REMOVEDIR));
    n256[255] = 'n';

    char longp[4200];
    memset(longp, '/', 4095);
    longp[4095] = 0;
    REPORT("chdir 4095 slashes (ok)", syscall(SYS_chdir, longp));
    MUST(chdir(scratch));
    memset(longp, '/', 4096);
    longp[4096] = 0;
    REPORT("chdir 4096 slashes", syscall(SYS_chdir, longp));
    REPORT("mkdir 4096 slashes", syscall(SYS_mkdirat, AT_FDCWD, longp, 0755));
    REPORT("truncate 4096 slashes", syscall(SYS_truncate, longp, 0L));
    for (int i = 0; i < 2046; i++) memcpy(longp + 2 * i, "./", 2);
    memcpy(longp + 4092, "d/.", 4);           /* 4095 bytes */
    REPORT("chdir ./ x2046 d/. (4095 bytes, ok)", syscall(SYS_chdir, longp));
    MUST(chdir(scratch));
    memcpy(longp + 4092, "d/..", 5);          /* 4096 bytes */
    REPORT("chdir ./ x2046 d/.. (4096 bytes)", syscall(SYS_chdir, longp));
    memcpy(longp + 4092, "f", 2);
    REPORT("fchmodat ./ x2046 f (4093 bytes, ok)", syscall(SYS_fchmodat, AT_FDCWD, longp, 0600));
    leave_scratch();
    return 0;
}
