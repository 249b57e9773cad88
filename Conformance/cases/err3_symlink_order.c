// syscalls: symlink symlinkat readlink
// expect: same
/* symlink/symlinkat: the target is copied first (EFAULT, ENOENT for "", ENAMETOOLONG at 4096
 * bytes), before the new name is copied or looked up; targets are stored verbatim (4095 bytes,
 * 256-byte components, "..", slashes only) and read back by length; new names that exist, are
 * ".", "..", "/", end in slashes, sit under a file or a missing directory, are 256 bytes,
 * unterminated at a mapping's end; dirfds that are files, sockets, O_PATH directories, closed,
 * -1 and with junk above 32 bits. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static long sl(const char *t, const char *n) { return syscall(SYS_symlink, t, n); }
static long slat(const char *t, int fd, const char *n) { return syscall(SYS_symlinkat, t, fd, n); }

static void target_len(const char *p) {
    char buf[8192];
    long n = syscall(SYS_readlink, p, buf, (long)sizeof buf);
    if (n < 0) printf("  readlink %s: %s\n", p, errname(errno));
    else printf("  readlink %s: %ld bytes\n", p, n);
}

int main(void) {
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    memset(m, 'a', 4096);                     /* 4096 bytes, no NUL before the edge */
    enter_scratch("err3-symlink");
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int dpath = open("d", O_PATH);
    MUST(dpath);
    int sv[2];
    MUST(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    int closed = fcntl(ffd, F_DUPFD, 900);
    MUST(closed);
    close(closed);
    char t4095[4100], t4096[4100];
    memset(t4095, 'x', 4095);
    t4095[4095] = 0;
    memset(t4096, 'x', 4096);
    t4096[4096] = 0;
    char n256[300];
    memset(n256, 'n', 256);
    n256[256] = 0;
    char t256[300];
    snprintf(t256, sizeof t256, "../%s/x", n256);

    REPORT("NULL target", sl(NULL, "s1"));
    REPORT("NULL name", sl("t", NULL));
    REPORT("empty target, NULL name", sl("", NULL));
    REPORT("empty target, existing name", sl("", "f"));
    REPORT("empty target, missing/x", sl("", "missing/x"));
    REPORT("4096-byte target, missing/x", sl(t4096, "missing/x"));
    REPORT("4096-byte target, NULL name", sl(t4096, NULL));
    REPORT("target unterminated at edge (4096 bytes)", sl(edge - 4096, "s1"));
    REPORT("target unterminated at edge (1 byte)", sl(edge - 1, "s1"));
    REPORT("target unterminated at edge, NULL name", sl(edge - 1, NULL));
    REPORT("name unterminated at edge", sl("t", edge - 1));
    REPORT("name unterminated at edge, existing target", sl("f", edge - 1));
    REPORT("4095-byte target (ok)", sl(t4095, "s4095"));
    target_len("s4095");
    REPORT("target with a 256-byte component (ok)", sl(t256, "s256"));
    target_len("s256");
    REPORT("target \"//\" (ok)", sl("//", "sslash"));
    target_len("sslash");
    REPORT("existing file", sl("t", "f"));
    REPORT("existing dir", sl("t", "d"));
    REPORT("existing dangling symlink", sl("t", "dangling"));
    REPORT("dangling/", sl("t", "dangling/"));
    REPORT("d/", sl("t", "d/"));
    REPORT("new/", sl("t", "new/"));
    REPORT("new//", sl("t", "new//"));
    REPORT("\".\"", sl("t", "."));
    REPORT("\"..\"", sl("t", ".."));
    REPORT("\"/\"", sl("t", "/"));
    REPORT("d/.", sl("t", "d/."));
    REPORT("missing/.", sl("t", "missing/."));
    REPORT("f/.", sl("t", "f/."));
    REPORT("missing/x", sl("t", "missing/x"));
    REPORT("f/x", sl("t", "f/x"));
    REPORT("256-byte name", sl("t", n256));
    REPORT("empty name", sl("t", ""));
    REPORT("/proc/newname", sl("t", "/proc/newname"));

    REPORT("symlinkat file dirfd", slat("t", ffd, "x"));
    REPORT("symlinkat socket dirfd", slat("t", sv[0], "x"));
    REPORT("symlinkat dirfd -1", slat("t", -1, "x"));
    REPORT("symlinkat closed dirfd", slat("t", closed, "x"));
    REPORT("symlinkat dirfd INT_MAX", slat("t", INT_MAX, "x"));
    REPORT("symlinkat dirfd -1, empty target", slat("", -1, "x"));
    REPORT("symlinkat dirfd -1, NULL target", slat(NULL, -1, "x"));
    REPORT("symlinkat file dirfd, 4096-byte target", slat(t4096, ffd, "x"));
    REPORT("symlinkat O_PATH dir dirfd (ok)", slat("t", dpath, "x"));
    target_len("d/x");
    REPORT("symlinkat O_PATH dir dirfd, existing", slat("t", dpath, "x"));
    REPORT("symlinkat dir dirfd, empty name", slat("t", dpath, ""));
    char abs[128];
    snprintf(abs, sizeof abs, "%s/abs", scratch);
    REPORT("symlinkat dirfd -1, absolute name (ok)", slat("t", -1, abs));
    target_len("abs");
    REPORT("symlinkat dirfd with junk above 32 bits (ok)", syscall(SYS_symlinkat, "t", (0x77L << 32) | (unsigned)dpath, "y"));
    target_len("d/y");
    close(ffd); close(dpath); close(sv[0]); close(sv[1]);
    leave_scratch();
    return 0;
}
