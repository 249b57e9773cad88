// syscalls: open openat creat mkdir mknod symlink link rename unlink rmdir chmod fchmodat chown lchown fchownat utime utimes futimesat utimensat truncate access faccessat2 removexattr lremovexattr statfs
// expect: differs: natively (as root) /usr and the case's own directory are writable; in the sandbox the system and input zones are read-only mounts: EROFS
// expect-sandbox: statfs /usr read-only: yes
// expect-sandbox: open O_CREAT in /usr: EROFS
// expect-sandbox: creat in /usr: EROFS
// expect-sandbox: mkdir in /usr: EROFS
// expect-sandbox: mknod FIFO in /usr: EROFS
// expect-sandbox: symlink in /usr: EROFS
// expect-sandbox: link in /usr: EROFS
// expect-sandbox: mkdir in the input zone: EROFS
// expect-sandbox: unlink in /usr: EROFS
// expect-sandbox: rmdir in /usr: EROFS
// expect-sandbox: rename in /usr: EROFS
// expect-sandbox: open O_WRONLY a /usr file: EROFS
// expect-sandbox: open O_RDWR|O_CREAT a /usr file: EROFS
// expect-sandbox: access W_OK a /usr file: EROFS
// expect-sandbox: faccessat2 W_OK a /usr file: EROFS
// expect-sandbox: chmod a /usr file: EROFS
// expect-sandbox: fchmodat a /usr file: EROFS
// expect-sandbox: chown a /usr file: EROFS
// expect-sandbox: lchown a /usr file: EROFS
// expect-sandbox: fchownat a /usr file: EROFS
// expect-sandbox: utime a /usr file: EROFS
// expect-sandbox: utimes a /usr file: EROFS
// expect-sandbox: futimesat a /usr file: EROFS
// expect-sandbox: utimensat a /usr file: EROFS
// expect-sandbox: truncate a /usr file: EROFS
// expect-sandbox: removexattr a /usr file: EROFS
// expect-sandbox: lremovexattr a /usr file: EROFS
// expect-sandbox: lremovexattr on /: EROFS
// expect-sandbox: open O_WRONLY /etc/hostname: EROFS
// expect-sandbox: mkdir in /etc: EROFS
// expect-sandbox: mkdir existing /usr/bin: EEXIST
// expect-sandbox: chown to an id outside the guest's map: EPERM
/* Writes into read-only zones. Natively the case runs as root on a writable /usr, so it
 * creates its own scratch names there (and removes them) and changes only its own files;
 * destructive calls use names that do not exist (natively ENOENT). In the sandbox every
 * metadata call targets an existing system file with values it already has, so even a
 * VFS that wrongly let a write through would change nothing. */
#include "common.h"
#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <utime.h>

#define SYSFILE "/usr/lib/os-release"

int main(int argc, char **argv) {
    (void)argc;
    char own[128], n[160];
    snprintf(own, sizeof own, "/usr/conf-fszones-%d", (int)getpid());
    struct stat st;
    struct statvfs sv;
    REPORT("statvfs /usr", statvfs("/usr", &sv));
    FACT("statfs /usr read-only", (sv.f_flag & ST_RDONLY) != 0);

    /* creating */
    long r = syscall(SYS_open, own, O_CREAT | O_EXCL | O_WRONLY, 0644);
    printf("open O_CREAT in /usr: %s\n", r >= 0 ? "ok" : errname(errno));
    int created = r >= 0;
    if (r >= 0) close(r);
    snprintf(n, sizeof n, "%s-creat", own);
    r = syscall(SYS_creat, n, 0644);
    printf("creat in /usr: %s\n", r >= 0 ? "ok" : errname(errno));
    if (r >= 0) { close(r); unlink(n); }
    snprintf(n, sizeof n, "%s-dir", own);
    REPORT("mkdir in /usr", syscall(SYS_mkdir, n, 0755));
    rmdir(n);
    snprintf(n, sizeof n, "%s-fifo", own);
    REPORT("mknod FIFO in /usr", syscall(SYS_mknod, n, S_IFIFO | 0600, 0));
    unlink(n);
    snprintf(n, sizeof n, "%s-sym", own);
    REPORT("symlink in /usr", syscall(SYS_symlink, "target", n));
    unlink(n);
    snprintf(n, sizeof n, "%s-link", own);
    REPORT("link in /usr", syscall(SYS_link, created ? own : SYSFILE, n));
    unlink(n);
    {
        char self[512];
        snprintf(self, sizeof self, "%s", argv[0]);
        snprintf(n, sizeof n, "%s/conf-fszones-%d", dirname(self), (int)getpid());
        REPORT("mkdir in the input zone", syscall(SYS_mkdir, n, 0755));
        rmdir(n);
    }
    REPORT("mkdir existing /usr/bin", syscall(SYS_mkdir, "/usr/bin", 0755));

    /* removing and renaming: names that do not exist */
    REPORT("unlink in /usr", syscall(SYS_unlink, "/usr/conf-fszones-no-such-file"));
    REPORT("rmdir in /usr", syscall(SYS_rmdir, "/usr/conf-fszones-no-such-dir"));
    REPORT("rename in /usr", syscall(SYS_rename, "/usr/conf-fszones-no-such-a", "/usr/conf-fszones-no-such-b"));

    /* writing and metadata: natively our own file; in the sandbox a system file, unchanged */
    const char *t = created ? own : SYSFILE;
    MUST(stat(t, &st));
    r = syscall(SYS_open, t, O_WRONLY);
    printf("open O_WRONLY a /usr file: %s\n", r >= 0 ? "ok" : errname(errno));
    if (r >= 0) close(r);
    r = syscall(SYS_open, t, O_RDWR | O_CREAT, 0644);
    printf("open O_RDWR|O_CREAT a /usr file: %s\n", r >= 0 ? "ok" : errname(errno));
    if (r >= 0) close(r);
    REPORT("access W_OK a /usr file", syscall(SYS_access, t, W_OK));
    REPORT("faccessat2 W_OK a /usr file", syscall(SYS_faccessat2, AT_FDCWD, t, W_OK, 0));
    REPORT("chmod a /usr file", syscall(SYS_chmod, t, st.st_mode & 07777));
    REPORT("fchmodat a /usr file", syscall(SYS_fchmodat, AT_FDCWD, t, st.st_mode & 07777));
    REPORT("chown a /usr file", syscall(SYS_chown, t, -1, -1));
    REPORT("lchown a /usr file", syscall(SYS_lchown, t, -1, -1));
    REPORT("fchownat a /usr file", syscall(SYS_fchownat, AT_FDCWD, t, -1, -1, 0));
    struct utimbuf ub = { st.st_atime, st.st_mtime };
    REPORT("utime a /usr file", syscall(SYS_utime, t, &ub));
    struct timeval tv[2] = { { st.st_atim.tv_sec, st.st_atim.tv_nsec / 1000 }, { st.st_mtim.tv_sec, st.st_mtim.tv_nsec / 1000 } };
    REPORT("utimes a /usr file", syscall(SYS_utimes, t, tv));
    REPORT("futimesat a /usr file", syscall(SYS_futimesat, AT_FDCWD, t, tv));
    struct timespec ts[2] = { st.st_atim, st.st_mtim };
    REPORT("utimensat a /usr file", utimensat(AT_FDCWD, t, ts, 0));
    REPORT("truncate a /usr file", syscall(SYS_truncate, t, (long)st.st_size));
    REPORT("removexattr a /usr file", removexattr(t, "user.conf-fszones-none"));
    REPORT("lremovexattr a /usr file", lremovexattr(t, "user.conf-fszones-none"));
    if (created) unlink(own);

    /* the root and /etc */
    REPORT("lremovexattr on /", lremovexattr("/", "user.conf-fszones-none"));
    r = syscall(SYS_open, "/etc/hostname", O_WRONLY);
    printf("open O_WRONLY /etc/hostname: %s\n", r >= 0 ? "ok" : errname(errno));
    if (r >= 0) close(r);
    snprintf(n, sizeof n, "/etc/conf-fszones-%d", (int)getpid());
    REPORT("mkdir in /etc", syscall(SYS_mkdir, n, 0755));
    rmdir(n);

    /* ids: the guest's user namespace maps only its own uid and gid */
    char f[] = "/tmp/conf-fszones-XXXXXX";
    int fd = mkstemp(f);
    MUST(fd);
    REPORT("chown to an id outside the guest's map", fchownat(AT_FDCWD, f, 4242, -1, 0));
    close(fd);
    unlink(f);
    FACT("own scratch names removed", stat(own, &st) != 0);
    return 0;
}
