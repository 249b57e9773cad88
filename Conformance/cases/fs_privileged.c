// syscalls: mknod mknodat openat open access faccessat2 chdir newfstatat mkdir setxattr getdents64
// expect: differs (as root): root passes permission checks and may make devices; the sandboxed guest is an ordinary uid without capabilities
// expect-sandbox: mknod char device: EPERM
// expect-sandbox: mknodat block device: EPERM
// expect-sandbox: open a mode-000 file: EACCES
// expect-sandbox: access R_OK a mode-000 file: EACCES
// expect-sandbox: access W_OK a mode-444 file: EACCES
// expect-sandbox: faccessat2 AT_EACCESS W_OK a mode-444 file: EACCES
// expect-sandbox: create in a mode-555 dir: EACCES
// expect-sandbox: mkdir in a mode-555 dir: EACCES
// expect-sandbox: chdir into a mode-600 dir: EACCES
// expect-sandbox: stat inside a mode-600 dir: EACCES
// expect-sandbox: list a mode-300 dir: EACCES
// expect-sandbox: setxattr trusted.*: EPERM
/* Permission checks that root (the native run) passes and an ordinary uid (the guest, uid
 * 1000 without capabilities) fails, on the case's own files in /tmp. Run natively as an
 * ordinary user this case prints what the sandbox prints. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

static int rm_one(const char *p, const struct stat *s, int t, struct FTW *f) {
    (void)s; (void)t; (void)f;
    chmod(p, 0700);
    return 0;
}

static int rm_two(const char *p, const struct stat *s, int t, struct FTW *f) {
    (void)s; (void)t; (void)f;
    return remove(p);
}

int main(void) {
    umask(022);
    char dir[] = "/tmp/conf-fspriv-XXXXXX";
    if (!mkdtemp(dir)) { printf("mkdtemp: %s\n", errname(errno)); return 1; }
    MUST(chdir(dir));
    struct stat st;
    long r;

    REPORT("mknod char device", syscall(SYS_mknod, "null", S_IFCHR | 0666, makedev(1, 3)));
    REPORT("mknodat block device", mknodat(AT_FDCWD, "loop", S_IFBLK | 0600, makedev(7, 0)));

    MUST(close(open("zero", O_CREAT | O_WRONLY, 0000)));
    MUST(close(open("ro", O_CREAT | O_WRONLY, 0444)));
    r = syscall(SYS_open, "zero", O_RDONLY);
    printf("open a mode-000 file: %s\n", r >= 0 ? "ok" : errname(errno));
    if (r >= 0) close(r);
    REPORT("access R_OK a mode-000 file", syscall(SYS_access, "zero", R_OK));
    REPORT("access W_OK a mode-444 file", syscall(SYS_access, "ro", W_OK));
    REPORT("faccessat2 AT_EACCESS W_OK a mode-444 file", syscall(SYS_faccessat2, AT_FDCWD, "ro", W_OK, AT_EACCESS));

    MUST(mkdir("r-x", 0555));
    r = syscall(SYS_open, "r-x/new", O_CREAT | O_WRONLY, 0600);
    printf("create in a mode-555 dir: %s\n", r >= 0 ? "ok" : errname(errno));
    if (r >= 0) close(r);
    REPORT("mkdir in a mode-555 dir", syscall(SYS_mkdir, "r-x/sub", 0700));
    MUST(mkdir("rw-", 0700));
    MUST(close(open("rw-/inside", O_CREAT | O_WRONLY, 0600)));
    MUST(chmod("rw-", 0600));
    REPORT("chdir into a mode-600 dir", syscall(SYS_chdir, "rw-"));
    MUST(chdir(dir));
    REPORT("stat inside a mode-600 dir", fstatat(AT_FDCWD, "rw-/inside", &st, 0));
    MUST(mkdir("-wx", 0300));
    r = open("-wx", O_RDONLY | O_DIRECTORY);
    printf("list a mode-300 dir: %s\n", r >= 0 ? "ok" : errname(errno));
    if (r >= 0) close(r);

    REPORT("setxattr trusted.*", setxattr("ro", "trusted.conf", "1", 1, 0));

    MUST(chdir("/"));
    nftw(dir, rm_one, 16, FTW_PHYS);
    MUST(nftw(dir, rm_two, 16, FTW_DEPTH | FTW_PHYS));
    FACT("cleaned up", stat(dir, &st) != 0);
    return 0;
}
