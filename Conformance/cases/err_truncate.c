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

#include "err_util.h"

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
