// syscalls: copy_file_range sendfile openat pread64 pwrite64 lseek fstat pipe2 close
// expect: same
/* copy_file_range: between files with and without offset pointers (which offsets move),
 * within one file non-overlapping (ok) and overlapping (EINVAL), past EOF (0), flags (EINVAL),
 * to an O_APPEND fd (EBADF), from a dir (EISDIR); sendfile with an offset pointer (file offset
 * unchanged), without (moves), to a pipe, from a pipe (EINVAL), count past EOF. */
#include "fs2_util.h"

static void show(const char *label, const char *p) {
    char buf[64] = {0};
    int fd = open(p, O_RDONLY);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("  %s: [%s] (%zd)\n", label, buf, n);
}

int main(void) {
    enter_scratch("fs2-copy");
    put("src", "0123456789abcdef");
    put("dst", "");
    int s = open("src", O_RDONLY), d = open("dst", O_RDWR);
    VALUE("copy_file_range 5 (NULL offsets)", copy_file_range(s, NULL, d, NULL, 5, 0));
    printf("  src offset %ld, dst offset %ld\n", (long)lseek(s, 0, SEEK_CUR), (long)lseek(d, 0, SEEK_CUR));
    loff_t io = 10, oo = 20;
    VALUE("copy_file_range 4 with offsets 10 -> 20", copy_file_range(s, &io, d, &oo, 4, 0));
    printf("  offsets now %ld %ld, fd offsets %ld %ld\n", (long)io, (long)oo, (long)lseek(s, 0, SEEK_CUR), (long)lseek(d, 0, SEEK_CUR));
    show("dst (with a hole as NULs?)", "dst");
    struct stat st;
    fstat(d, &st);
    printf("  dst size: %ld\n", (long)st.st_size);
    io = 100;
    VALUE("copy_file_range from past EOF", copy_file_range(s, &io, d, NULL, 4, 0));
    io = 14;
    VALUE("copy_file_range across EOF (short)", copy_file_range(s, &io, d, NULL, 100, 0));
    VALUE("copy_file_range flags 1", copy_file_range(s, NULL, d, NULL, 4, 1));
    VALUE("copy_file_range len 0", copy_file_range(s, NULL, d, NULL, 0, 0));
    int rw = open("src", O_RDWR);
    io = 0; oo = 8;
    VALUE("same file, non-overlapping 0..4 -> 8", copy_file_range(rw, &io, rw, &oo, 4, 0));
    show("src", "src");
    io = 0; oo = 2;
    VALUE("same file, overlapping 0..8 -> 2", copy_file_range(rw, &io, rw, &oo, 8, 0));
    io = 4; oo = 0;
    VALUE("same file, overlapping backwards 4..12 -> 0", copy_file_range(rw, &io, rw, &oo, 8, 0));
    io = 0; oo = 0;
    VALUE("same file, same offset", copy_file_range(rw, &io, rw, &oo, 4, 0));
    int ap = open("dst", O_WRONLY | O_APPEND);
    VALUE("to an O_APPEND fd", copy_file_range(s, NULL, ap, NULL, 4, 0));
    close(ap);
    VALUE("to an O_RDONLY fd", copy_file_range(s, NULL, s, NULL, 4, 0));
    MUST(mkdir("dir", 0755));
    int dd = open("dir", O_RDONLY | O_DIRECTORY);
    VALUE("from a dir", copy_file_range(dd, NULL, d, NULL, 4, 0));
    int pp[2];
    MUST(pipe(pp));
    VALUE("to a pipe", copy_file_range(s, NULL, pp[1], NULL, 4, 0));
    io = -1;
    VALUE("negative offset", copy_file_range(s, &io, d, NULL, 4, 0));
    close(d);

    /* sendfile */
    put("out", "");
    int o = open("out", O_WRONLY);
    MUST(lseek(s, 2, SEEK_SET));
    off_t off = 5;
    VALUE("sendfile 4 with offset 5", sendfile(o, s, &off, 4));
    printf("  offset now %ld, src fd offset %ld (unchanged)\n", (long)off, (long)lseek(s, 0, SEEK_CUR));
    VALUE("sendfile 3 without offset", sendfile(o, s, NULL, 3));
    printf("  src fd offset %ld\n", (long)lseek(s, 0, SEEK_CUR));
    show("out", "out");
    off = 14;
    VALUE("sendfile across EOF", sendfile(o, s, &off, 100));
    off = 1000;
    VALUE("sendfile from past EOF", sendfile(o, s, &off, 10));
    VALUE("sendfile to a pipe", sendfile(pp[1], s, NULL, 4));
    char b[8] = {0};
    MUST(read(pp[0], b, 4));
    printf("  pipe got: %s\n", b);
    MUST(write(pp[1], "zz", 2));
    VALUE("sendfile from a pipe", sendfile(o, pp[0], NULL, 2));
    VALUE("sendfile to an O_RDONLY fd", sendfile(s, s, NULL, 2));
    off = -1;
    VALUE("sendfile negative offset", sendfile(o, s, &off, 2));
    VALUE("sendfile count 0", sendfile(o, s, NULL, 0));
    int oa = open("out", O_WRONLY | O_APPEND);
    VALUE("sendfile to O_APPEND file", sendfile(oa, s, NULL, 2));
    close(oa);
    show("out", "out");
    VALUE("sendfile from a dir", sendfile(o, dd, NULL, 2));
    close(o); close(s); close(rw); close(dd); close(pp[0]); close(pp[1]);
    leave_scratch();
    return 0;
}
