// syscalls: mknodat mknod openat read write fstat newfstatat fcntl close unlink
// expect: same
/* mkfifo then open O_RDWR (no blocking, both ends in one fd), O_RDONLY|O_NONBLOCK without a
 * writer, O_WRONLY|O_NONBLOCK without a reader (ENXIO), data through the fifo, fstat of each
 * end, the fifo stays empty on disk (size 0); mknod of a regular file (S_IFREG and type 0),
 * EEXIST, on a missing dir, mknod of a fifo with mknodat relative to a dirfd. */
#include "fs2_util.h"
#include <poll.h>

int main(void) {
    enter_scratch("fs2-fifo");
    REPORT("mkfifo p", mkfifo("p", 0644));
    REPORT("mkfifo p again", mkfifo("p", 0644));
    struct stat st;
    MUST(stat("p", &st));
    FACT("p is a fifo", S_ISFIFO(st.st_mode));
    int rw = open("p", O_RDWR);
    REPORT("open O_RDWR", rw);
    VALUE("write 5", write(rw, "hello", 5));
    char buf[16] = {0};
    VALUE("read back", read(rw, buf, sizeof buf));
    printf("  data: %s\n", buf);
    MUST(fstat(rw, &st));
    FACT("fstat of fd is a fifo", S_ISFIFO(st.st_mode));
    printf("fstat size: %ld\n", (long)st.st_size);
    int fl = fcntl(rw, F_GETFL);
    printf("access mode O_RDWR: %s\n", (fl & O_ACCMODE) == O_RDWR ? "yes" : "no");
    MUST(fcntl(rw, F_SETFL, fl | O_NONBLOCK));
    VALUE("read empty nonblocking", read(rw, buf, sizeof buf));
    int wr = open("p", O_WRONLY | O_NONBLOCK);
    REPORT("open O_WRONLY|O_NONBLOCK with a reader (the O_RDWR fd)", wr);
    MUST(write(wr, "abc", 3));
    VALUE("F_GETPIPE_SZ positive", fcntl(wr, F_GETPIPE_SZ) > 0 ? 1 : -1);
    int rd = open("p", O_RDONLY | O_NONBLOCK);
    REPORT("open O_RDONLY|O_NONBLOCK", rd);
    memset(buf, 0, sizeof buf);
    VALUE("second reader gets the data", read(rd, buf, sizeof buf));
    printf("  data: %s\n", buf);
    close(rw); close(wr);
    struct pollfd pfd = { rd, POLLIN, 0 };
    poll(&pfd, 1, 0);
    printf("poll reader after writers closed: %s%s\n", pfd.revents & POLLHUP ? "HUP" : "", pfd.revents & POLLIN ? " IN" : "");
    VALUE("read with no writers", read(rd, buf, sizeof buf));
    close(rd);
    REPORT("open O_WRONLY|O_NONBLOCK no reader", open("p", O_WRONLY | O_NONBLOCK));
    rd = open("p", O_RDONLY | O_NONBLOCK);
    REPORT("open O_RDONLY|O_NONBLOCK no writer", rd);
    VALUE("read no writer ever", read(rd, buf, sizeof buf));
    close(rd);
    MUST(stat("p", &st));
    printf("size on disk: %ld\n", (long)st.st_size);
    OPEN("open fifo O_RDWR|O_TRUNC", open("p", O_RDWR | O_TRUNC));
    OPEN("open fifo O_DIRECTORY", open("p", O_RDONLY | O_DIRECTORY | O_NONBLOCK));
    REPORT("truncate fifo", truncate("p", 0));
    REPORT("mknod S_IFREG", mknod("reg", S_IFREG | 0640, 0));
    MUST(stat("reg", &st));
    printf("  regular: %s, size %ld, mode %o\n", S_ISREG(st.st_mode) ? "yes" : "no", (long)st.st_size, st.st_mode & 0777);
    REPORT("mknod type 0", mknod("reg0", 0600, 0));
    MUST(stat("reg0", &st));
    FACT("  regular", S_ISREG(st.st_mode));
    REPORT("mknod S_IFREG existing", mknod("reg", S_IFREG | 0640, 0));
    REPORT("mknod in missing dir", mknod("missing/x", S_IFREG | 0640, 0));
    REPORT("mknod S_IFREG with dev number (ignored)", mknod("regdev", S_IFREG | 0600, 0x0103));
    MUST(mkdir("d", 0755));
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    REPORT("mknodat(dirfd, fifo)", mknodat(dfd, "q", S_IFIFO | 0600, 0));
    FACT("  d/q is a fifo", stat("d/q", &st) == 0 && S_ISFIFO(st.st_mode));
    REPORT("mknodat(dirfd, trailing slash)", mknodat(dfd, "r/", S_IFIFO | 0600, 0));
    REPORT("mkfifo over a dangling symlink", (symlink("nowhere", "dang"), mkfifo("dang", 0600)));
    REPORT("unlink fifo", unlink("p"));
    close(dfd);
    leave_scratch();
    return 0;
}
