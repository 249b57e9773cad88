// syscalls: getcwd chdir
// expect: same
/* getcwd error paths with the raw syscall: size 0, too small by one, exact, NULL buffer,
 * a bad pointer, a removed cwd; the return value is the length including the NUL. */
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

#define DIR_ "/tmp/conf-err-getcwd-fixed"

int main(void) {
    char buf[512];
    struct stat st;
    umask(022);
    if (stat(DIR_, &st) == 0) rmdir(DIR_ "/gone"), rmdir(DIR_);
    MUST(mkdir(DIR_, 0755));
    MUST(chdir(DIR_));
    long len = strlen(DIR_) + 1;
    VALUE("size 0", syscall(SYS_getcwd, buf, 0L));
    VALUE("size 1", syscall(SYS_getcwd, buf, 1L));
    VALUE("size len-1 (too small)", syscall(SYS_getcwd, buf, len - 1));
    memset(buf, '#', sizeof buf);
    VALUE("size len (exact)", syscall(SYS_getcwd, buf, len));
    printf("  buf \"%s\"\n", buf);
    VALUE("size 512", syscall(SYS_getcwd, buf, 512L));
    VALUE("size -1", syscall(SYS_getcwd, buf, -1L));
    VALUE("NULL buffer, size 512", syscall(SYS_getcwd, NULL, 512L));
    VALUE("NULL buffer, size 0", syscall(SYS_getcwd, NULL, 0L));
    VALUE("buffer (char *)1", syscall(SYS_getcwd, (char *)1, 512L));
    MUST(chdir("/"));
    VALUE("at /, size 1", syscall(SYS_getcwd, buf, 1L));
    VALUE("at /, size 2", syscall(SYS_getcwd, buf, 2L));
    printf("  buf \"%s\"\n", buf);
    MUST(mkdir(DIR_ "/gone", 0755));
    MUST(chdir(DIR_ "/gone"));
    MUST(rmdir(DIR_ "/gone"));
    VALUE("removed cwd", syscall(SYS_getcwd, buf, 512L));
    VALUE("removed cwd, size 1", syscall(SYS_getcwd, buf, 1L));
    errno = 0;
    char *r = getcwd(buf, sizeof buf);
    printf("glibc getcwd removed cwd: %s\n", r ? "ok" : errname(errno));
    MUST(chdir(DIR_));
    errno = 0;
    r = getcwd(NULL, 0);
    printf("glibc getcwd(NULL, 0): %s\n", r ? r : errname(errno));
    free(r);
    r = getcwd(buf, 3);
    printf("glibc getcwd(buf, 3): %s\n", r ? r : errname(errno));
    MUST(chdir("/"));
    MUST(rmdir(DIR_));
    FACT("cleaned up", stat(DIR_, &st) != 0);
    return 0;
}
