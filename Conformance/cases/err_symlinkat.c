// syscalls: symlinkat symlink readlinkat
// expect: same
/* symlinkat error paths: existing names, an empty target, trailing slashes on the new name,
 * missing parent, file parent, bad dirfds, over-long targets; targets are stored verbatim. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"
#include <linux/limits.h>

static long sl(const char *t, const char *p) { return syscall(SYS_symlinkat, t, AT_FDCWD, p); }

static void rl(const char *p) {
    char buf[64];
    long n = readlink(p, buf, sizeof buf);
    if (n < 0) printf("  readlink %s: %s\n", p, errname(errno));
    else printf("  readlink %s: \"%.*s\"\n", p, (int)n, buf);
}

int main(void) {
    enter_scratch("err-symlink");
    struct stat st;
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    REPORT("existing file", sl("t", "f"));
    REPORT("existing dir", sl("t", "d"));
    REPORT("existing dangling symlink", sl("t", "dangling"));
    REPORT("empty target", sl("", "e1"));
    FACT("e1 not made", lstat("e1", &st) != 0);
    REPORT("empty name", sl("t", ""));
    REPORT("name with trailing slash", sl("t", "n1/"));
    REPORT("name d/ (existing dir, slash)", sl("t", "d/"));
    REPORT("name \".\"", sl("t", "."));
    REPORT("name \"..\"", sl("t", ".."));
    REPORT("missing parent", sl("t", "missing/x"));
    REPORT("file parent", sl("t", "f/x"));
    REPORT("dirfd -1", syscall(SYS_symlinkat, "t", -1, "x"));
    REPORT("file dirfd", syscall(SYS_symlinkat, "t", ffd, "x"));
    char *t = malloc(PATH_MAX + 2);
    memset(t, 't', PATH_MAX + 1);
    t[PATH_MAX + 1] = 0;
    REPORT("4097-byte target", sl(t, "long1"));
    t[PATH_MAX] = 0;
    REPORT("4096-byte target", sl(t, "long2"));
    t[PATH_MAX - 1] = 0;
    REPORT("4095-byte target", sl(t, "long3"));
    printf("  its size: %ld\n", lstat("long3", &st) == 0 ? (long)st.st_size : -1L);
    char comp[NAME_MAX + 2];
    memset(comp, 'c', NAME_MAX + 1);
    comp[NAME_MAX + 1] = 0;
    REPORT("target with a 256-byte component (stored)", sl(comp, "long4"));
    REPORT("256-byte name", sl("t", comp));
    REPORT("odd target \"a//b/../\" (stored)", sl("a//b/../", "odd"));
    rl("odd");
    REPORT("target \"/\"", sl("/", "root"));
    rl("root");
    REPORT("target with trailing slash on file", sl("f/", "fslash"));
    REPORT("stat through it", stat("fslash", &st));
    REPORT("symlink (raw) existing", syscall(SYS_symlink, "t", "f"));
    REPORT("symlink (raw) empty target", syscall(SYS_symlink, "", "e2"));
    free(t);
    close(ffd);
    leave_scratch();
    return 0;
}
