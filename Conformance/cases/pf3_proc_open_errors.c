// syscalls: openat read write access mmap fsync ftruncate fchmod mkdir unlink rmdir rename symlink chmod truncate setuid setgid prctl
// expect: same
// normalize: fsync a /proc fd:
// normalize: mmap /proc/self/
/* What /proc refuses, as uid 1000 (natively root drops to 1000 and stays dumpable): open flags on
 * /proc files (O_DIRECTORY: ENOTDIR, O_WRONLY/O_RDWR/O_TRUNC of a read-only file: EACCES,
 * O_CREAT of an existing file works, O_EXCL: EEXIST, a missing name: ENOENT, a trailing slash:
 * ENOTDIR, a directory for writing: EISDIR), the writable ones (comm, oom_score_adj) open for
 * writing and access(W_OK) agrees, descriptor operations (write on O_RDONLY: EBADF, fchmod:
 * EPERM, ftruncate and fsync: EINVAL, mmap: ENODEV as for any seq_file). Creating, removing and
 * renaming names, chmod and truncate are only checked to fail: the sandbox answers EROFS by design
 * (Docs/procfs.md), Linux a mix of ENOENT, EPERM and EACCES. fsync and mmap are normalized: a
 * synthetic /proc file is a sealed memfd, which allows both (Docs/procfs.md, known differences). */
#include "common.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#define REFUSED(label, expr) do { errno = 0; long r_ = (long)(expr); printf("%s: refused %s\n", (label), r_ == -1 ? "yes" : "no"); } while (0)

int main(void) {
    if (getuid() == 0) {
        MUST(setgid(1000));
        MUST(setuid(1000));
        MUST(prctl(PR_SET_DUMPABLE, 1));
    }
    REPORT("open status O_DIRECTORY", open("/proc/self/status", O_RDONLY | O_DIRECTORY));
    REPORT("open stat O_WRONLY", open("/proc/self/stat", O_WRONLY));
    REPORT("open status O_RDWR", open("/proc/self/status", O_RDWR));
    REPORT("open status O_RDONLY|O_TRUNC", open("/proc/self/status", O_RDONLY | O_TRUNC));
    REPORT("open status O_RDONLY|O_CREAT (exists)", open("/proc/self/status", O_RDONLY | O_CREAT, 0600));
    REPORT("open status O_CREAT|O_EXCL", open("/proc/self/status", O_RDONLY | O_CREAT | O_EXCL, 0600));
    REPORT("open a missing name O_RDONLY", open("/proc/self/nonexistent", O_RDONLY));
    REPORT("open status/ (trailing slash)", open("/proc/self/status/", O_RDONLY));
    REPORT("open /proc/self/fd O_DIRECTORY", open("/proc/self/fd", O_RDONLY | O_DIRECTORY));
    REPORT("open /proc/self/fd O_WRONLY", open("/proc/self/fd", O_WRONLY));
    REPORT("open /proc/sys/kernel/hostname O_WRONLY", open("/proc/sys/kernel/hostname", O_WRONLY));
    REPORT("open /proc/self/comm O_RDWR", open("/proc/self/comm", O_RDWR));
    REPORT("open /proc/self/oom_score_adj O_WRONLY", open("/proc/self/oom_score_adj", O_WRONLY));
    REPORT("access /proc/self/comm W_OK", access("/proc/self/comm", W_OK));
    REPORT("access /proc/self/oom_score_adj W_OK", access("/proc/self/oom_score_adj", W_OK));
    REPORT("access /proc/self/status R_OK", access("/proc/self/status", R_OK));
    REPORT("access /proc/self/fd X_OK", access("/proc/self/fd", X_OK));
    REFUSED("access /proc/self/status W_OK", access("/proc/self/status", W_OK));

    int fd = open("/proc/self/cmdline", O_RDONLY);
    REPORT("write on an O_RDONLY /proc fd", write(fd, "x", 1));
    REPORT("fchmod a /proc fd", fchmod(fd, 0600));
    REPORT("ftruncate a /proc fd", ftruncate(fd, 0));
    REPORT("fsync a /proc fd", fsync(fd));
    int st = open("/proc/self/status", O_RDONLY);
    void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, st, 0);
    printf("mmap /proc/self/status MAP_PRIVATE: %s\n", m == MAP_FAILED ? errname(errno) : "ok");
    int maps = open("/proc/self/maps", O_RDONLY);
    m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, maps, 0);
    printf("mmap /proc/self/maps MAP_SHARED: %s\n", m == MAP_FAILED ? errname(errno) : "ok");

    REFUSED("O_CREAT of a new name in /proc/self", open("/proc/self/newname", O_RDWR | O_CREAT, 0600));
    REFUSED("O_TMPFILE in /proc/self", open("/proc/self", O_TMPFILE | O_RDWR, 0600));
    REFUSED("mkdir in /proc/self", mkdir("/proc/self/d", 0755));
    REFUSED("unlink /proc/self/status", unlink("/proc/self/status"));
    REFUSED("rmdir /proc/self/fd", rmdir("/proc/self/fd"));
    REFUSED("rename /proc/self/status", rename("/proc/self/status", "/proc/self/s2"));
    REFUSED("symlink in /proc/self", symlink("x", "/proc/self/l"));
    REFUSED("chmod /proc/self/status", chmod("/proc/self/status", 0600));
    REFUSED("truncate /proc/self/status", truncate("/proc/self/status", 0));
    return 0;
}
