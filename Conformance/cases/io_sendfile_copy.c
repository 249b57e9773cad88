// syscalls: sendfile copy_file_range openat write read lseek pipe2 ftruncate
// expect: same
/* sendfile from a file to a pipe and to a file (with and without an offset pointer),
 * copy_file_range between files (offsets, overlap, EOF, errors). */
#include "common.h"
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>

static void show(const char *label, int fd) {
    char buf[64] = {0};
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    printf("%s: %zd \"%s\"\n", label, n, n > 0 ? buf : "");
}

int main(void) {
    char p1[] = "/tmp/conf-sf-src-XXXXXX", p2[] = "/tmp/conf-sf-dst-XXXXXX";
    int src = mkstemp(p1), dst = mkstemp(p2);
    MUST(src); MUST(dst);
    MUST(write(src, "The quick brown fox jumps", 25));
    int p[2];
    MUST(pipe2(p, O_NONBLOCK));

    off_t off = 4;
    ssize_t n = sendfile(p[1], src, &off, 5);
    printf("sendfile file@4 -> pipe: %zd offset %lld filepos %lld\n", n, (long long)off, (long long)lseek(src, 0, SEEK_CUR));
    char buf[64] = {0};
    n = read(p[0], buf, sizeof buf);
    printf("pipe got: %.*s\n", (int)n, buf);
    MUST(lseek(src, 10, SEEK_SET));
    n = sendfile(p[1], src, NULL, 100);
    printf("sendfile from own pos 10: %zd filepos %lld\n", n, (long long)lseek(src, 0, SEEK_CUR));
    n = read(p[0], buf, sizeof buf);
    printf("pipe got: %.*s\n", (int)n, buf);
    printf("sendfile at EOF: %zd\n", sendfile(p[1], src, NULL, 10));

    off = 0;
    n = sendfile(dst, src, &off, 9);
    printf("sendfile file -> file: %zd\n", n);
    show("dst", dst);
    off = 100;
    printf("sendfile offset past EOF: %zd\n", sendfile(dst, src, &off, 5));
    REPORT("sendfile from a pipe", sendfile(dst, p[0], NULL, 5));
    REPORT("sendfile bad in fd", sendfile(dst, 999, NULL, 5));
    off = -1;
    REPORT("sendfile negative offset", sendfile(dst, src, &off, 5));
    int ro = open(p2, O_RDONLY);
    REPORT("sendfile to read-only fd", sendfile(ro, src, NULL, 5));
    int wo = open(p1, O_WRONLY);
    REPORT("sendfile from write-only fd", sendfile(dst, wo, NULL, 5));

    MUST(ftruncate(dst, 0));
    loff_t in = 4, outo = 0;
    n = copy_file_range(src, &in, dst, &outo, 11, 0);
    printf("copy_file_range 11@4: %zd in %lld out %lld\n", n, (long long)in, (long long)outo);
    show("dst", dst);
    MUST(lseek(src, 20, SEEK_SET));
    MUST(lseek(dst, 2, SEEK_SET));
    n = copy_file_range(src, NULL, dst, NULL, 100, 0);
    printf("copy_file_range using file positions: %zd src pos %lld dst pos %lld\n", n,
           (long long)lseek(src, 0, SEEK_CUR), (long long)lseek(dst, 0, SEEK_CUR));
    show("dst", dst);
    in = 1000; outo = 0;
    printf("copy_file_range at EOF: %zd\n", copy_file_range(src, &in, dst, &outo, 5, 0));
    in = 0; outo = 2;
    REPORT("copy_file_range overlapping same file", copy_file_range(src, &in, src, &outo, 10, 0));
    in = 0; outo = 20;
    n = copy_file_range(src, &in, src, &outo, 5, 0);
    printf("copy_file_range same file non-overlapping: %zd\n", n);
    show("src", src);
    REPORT("copy_file_range bad flags", copy_file_range(src, NULL, dst, NULL, 5, 1));
    REPORT("copy_file_range to a pipe", copy_file_range(src, NULL, p[1], NULL, 5, 0));
    REPORT("copy_file_range to read-only fd", copy_file_range(src, NULL, ro, NULL, 5, 0));
    int ap = open(p2, O_WRONLY | O_APPEND);
    REPORT("copy_file_range to O_APPEND fd", copy_file_range(src, NULL, ap, NULL, 5, 0));
    REPORT("copy_file_range from a directory", copy_file_range(open("/tmp", O_RDONLY), NULL, dst, NULL, 5, 0));
    in = 0;
    printf("copy_file_range length 0: %zd\n", copy_file_range(src, &in, dst, NULL, 0, 0));
    unlink(p1); unlink(p2);
    return 0;
}
