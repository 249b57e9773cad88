// syscalls: openat write pwrite64 writev lseek read fstat ftruncate fcntl close
// expect: same
/* O_APPEND: two fds appending interleave without overwriting, the offset after an append is the
 * end, lseek does not stop appends, pwrite with O_APPEND still appends (Linux), toggling
 * O_APPEND with fcntl; O_TRUNC on open (with O_RDONLY too), O_TRUNC of a dir/fifo. */
#include "fs2_util.h"
#include <sys/uio.h>

static void content(const char *label, const char *p) {
    char buf[256] = {0};
    int fd = open(p, O_RDONLY);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("%s: [%s] (%zd)\n", label, n >= 0 ? buf : "?", n);
}

int main(void) {
    enter_scratch("fs2-append");
    put("f", "base:");
    int a = open("f", O_WRONLY | O_APPEND);
    int b = open("f", O_WRONLY | O_APPEND);
    int c = open("f", O_WRONLY);
    MUST(a); MUST(b); MUST(c);
    MUST(write(a, "A1", 2));
    MUST(write(b, "B1", 2));
    MUST(write(a, "A2", 2));
    VALUE("offset of a after its append", lseek(a, 0, SEEK_CUR));
    VALUE("offset of b (not yet moved)", lseek(b, 0, SEEK_CUR));
    MUST(write(b, "B2", 2));
    VALUE("offset of b after append", lseek(b, 0, SEEK_CUR));
    content("interleaved", "f");
    MUST(write(c, "cc", 2));
    content("plain fd writes at 0", "f");
    MUST(lseek(a, 0, SEEK_SET));
    MUST(write(a, "A3", 2));
    content("append after lseek 0", "f");
    VALUE("pwrite at 0 with O_APPEND", pwrite(a, "P", 1, 0));
    content("pwrite appended", "f");
    VALUE("offset after pwrite (unchanged)", lseek(a, 0, SEEK_CUR));
    struct iovec iov[2] = { { "v1", 2 }, { "v2", 2 } };
    MUST(writev(b, iov, 2));
    content("writev appended", "f");
    int fl = fcntl(a, F_GETFL);
    FACT("F_GETFL shows O_APPEND", fl & O_APPEND);
    REPORT("F_SETFL without O_APPEND", fcntl(a, F_SETFL, fl & ~O_APPEND));
    MUST(lseek(a, 0, SEEK_SET));
    MUST(write(a, "X", 1));
    content("after clearing O_APPEND write at 0", "f");
    REPORT("F_SETFL O_APPEND on c", fcntl(c, F_SETFL, O_APPEND));
    MUST(lseek(c, 0, SEEK_SET));
    MUST(write(c, "Z", 1));
    content("c now appends", "f");
    int r = open("f", O_RDONLY | O_APPEND);
    char ch;
    VALUE("read from O_RDONLY|O_APPEND at 0", read(r, &ch, 1));
    close(r);
    close(a); close(b); close(c);

    /* O_TRUNC */
    put("t", "0123456789");
    OPEN("open O_WRONLY|O_TRUNC", open("t", O_WRONLY | O_TRUNC));
    content("after O_TRUNC", "t");
    put("t", "0123456789");
    OPEN("open O_RDONLY|O_TRUNC", open("t", O_RDONLY | O_TRUNC));
    content("after O_RDONLY|O_TRUNC", "t");
    put("t", "0123456789");
    OPEN("open O_RDWR|O_TRUNC|O_APPEND", open("t", O_RDWR | O_TRUNC | O_APPEND));
    content("after", "t");
    put("t", "0123456789");
    OPEN("open O_CREAT|O_EXCL|O_TRUNC existing", open("t", O_CREAT | O_EXCL | O_TRUNC | O_WRONLY, 0644));
    content("untouched", "t");
    MUST(mkdir("d", 0755));
    OPEN("open dir O_RDONLY|O_TRUNC", open("d", O_RDONLY | O_TRUNC));
    OPEN("open dir O_WRONLY|O_TRUNC", open("d", O_WRONLY | O_TRUNC));
    MUST(mkfifo("p", 0644));
    OPEN("open fifo O_RDWR|O_TRUNC", open("p", O_RDWR | O_TRUNC));
    OPEN("open /dev/null O_WRONLY|O_TRUNC", open("/dev/null", O_WRONLY | O_TRUNC));
    MUST(chmod("t", 0444));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        drop_to_user();
        put("mine", "0123456789");
        MUST(chmod("mine", 0444));
        OPEN("user: O_RDONLY|O_TRUNC on own read-only file", open("mine", O_RDONLY | O_TRUNC));
        content("user: mine", "mine");
        MUST(chmod("mine", 0644));
        int fd = open("mine", O_RDONLY);
        REPORT("user: ftruncate on O_RDONLY fd", ftruncate(fd, 0));
        close(fd);
        fd = open("mine", O_WRONLY | O_APPEND);
        REPORT("user: ftruncate on O_APPEND fd", ftruncate(fd, 3));
        content("user: mine", "mine");
        close(fd);
        fflush(stdout);
        _exit(0);
    }
    reap("child", pid);
    leave_scratch();
    return 0;
}
