// syscalls: truncate ftruncate openat
// expect: same
/* truncate/ftruncate error paths: negative lengths, directories, read-only and O_PATH
 * descriptors, pipes, bad descriptors, trailing slashes, missing names, symlinks (followed),
 * O_APPEND descriptors; resulting sizes are printed. */
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

static long size_of(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 ? (long)st.st_size : -1L;
}

int main(void) {
    enter_scratch("err-truncate");
    put("f", "0123456789");
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    MUST(symlink("nowhere", "dangling"));
    int rfd = open("f", O_RDONLY);
    MUST(rfd);
    int wfd = open("f", O_WRONLY);
    MUST(wfd);
    int afd = open("f", O_WRONLY | O_APPEND);
    MUST(afd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    int pp[2];
    MUST(pipe(pp));
    REPORT("truncate -1", syscall(SYS_truncate, "f", -1L));
    REPORT("truncate LONG_MIN", syscall(SYS_truncate, "f", (long)(-0x7fffffffffffffffL - 1)));
    REPORT("truncate dir", syscall(SYS_truncate, "d", 0L));
    REPORT("truncate d/", syscall(SYS_truncate, "d/", 0L));
    REPORT("truncate f/", syscall(SYS_truncate, "f/", 0L));
    REPORT("truncate f/x", syscall(SYS_truncate, "f/x", 0L));
    REPORT("truncate missing", syscall(SYS_truncate, "missing", 0L));
    REPORT("truncate dangling", syscall(SYS_truncate, "dangling", 0L));
    FACT("  dangling target not created", access("nowhere", F_OK) != 0);
    REPORT("truncate empty path", syscall(SYS_truncate, "", 0L));
    REPORT("truncate via symlink to 4", syscall(SYS_truncate, "lf", 4L));
    printf("  size %ld\n", size_of("f"));
    REPORT("truncate to 100", syscall(SYS_truncate, "f", 100L));
    printf("  size %ld\n", size_of("f"));
    REPORT("ftruncate -1", syscall(SYS_ftruncate, wfd, -1L));
    REPORT("ftruncate read-only fd", syscall(SYS_ftruncate, rfd, 0L));
    REPORT("ftruncate O_PATH fd", syscall(SYS_ftruncate, pfd, 0L));
    REPORT("ftruncate dir fd", syscall(SYS_ftruncate, dfd, 0L));
    REPORT("ftruncate pipe", syscall(SYS_ftruncate, pp[1], 0L));
    REPORT("ftruncate bad fd", syscall(SYS_ftruncate, 9999, 0L));
    REPORT("ftruncate -1 fd", syscall(SYS_ftruncate, -1, 0L));
    printf("  size %ld\n", size_of("f"));
    REPORT("ftruncate O_APPEND fd to 3", syscall(SYS_ftruncate, afd, 3L));
    printf("  size %ld\n", size_of("f"));
    REPORT("ftruncate to 7", syscall(SYS_ftruncate, wfd, 7L));
    printf("  size %ld\n", size_of("f"));
    char buf[16] = {0};
    long n = pread(rfd, buf, sizeof buf, 0);
    printf("  content: %ld bytes, byte 3 is zero: %s, first three \"%.3s\"\n", n, n > 3 && buf[3] == 0 ? "yes" : "no", buf);
    REPORT("truncate (raw) to 0", syscall(SYS_truncate, "f", 0L));
    printf("  size %ld\n", size_of("f"));
    close(rfd); close(wfd); close(afd); close(pfd); close(dfd); close(pp[0]); close(pp[1]);
    leave_scratch();
    return 0;
}
