// syscalls: symlinkat symlink readlinkat
// expect: same
/* symlinkat error paths: existing names, an empty target, trailing slashes on the new name,
 * missing parent, file parent, bad dirfds, over-long targets; targets are stored verbatim. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static __attribute__((unused)) int rm_one(const char *p, const struct stat *s, int t, struct FTW *f) {
    (void)s; (void)t; (void)f;
    return remove(p);
}

static __attribute__((unused)) char scratch[64];

/* A fresh scratch directory under /tmp, made the cwd. */
static __attribute__((unused)) void enter_scratch(const char *tag) {
    umask(022);
    snprintf(scratch, sizeof scratch, "/tmp/conf-%s-XXXXXX", tag);
    if (!mkdtemp(scratch)) { printf("mkdtemp: %s\n", errname(errno)); exit(99); }
    MUST(chdir(scratch));
}

static __attribute__((unused)) void leave_scratch(void) {
    struct stat st;
    MUST(chdir("/"));
    MUST(nftw(scratch, rm_one, 16, FTW_DEPTH | FTW_PHYS));
    FACT("cleaned up", stat(scratch, &st) != 0);
}

static __attribute__((unused)) void put(const char *path, const char *text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    MUST(fd);
    MUST(write(fd, text, strlen(text)));
    close(fd);
}

/* Like REPORT, but a descriptor result is closed. */
#define OPEN(label, expr) do {                                        \
        errno = 0;                                                    \
        long fd_ = (long)(expr);                                      \
        if (fd_ < 0) printf("%s: %s\n", (label), errname(errno));     \
        else { printf("%s: ok\n", (label)); close((int)fd_); }        \
    } while (0)

/* Print the value returned, or the errno name. */
#define VALUE(label, expr) do {                                       \
        errno = 0;                                                    \
        long r_ = (long)(expr);                                       \
        if (r_ == -1) printf("%s: %s\n", (label), errname(errno));    \
        else printf("%s: %ld\n", (label), r_);                        \
    } while (0)
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
