// syscalls: openat write pwrite64 pwritev2 pread64 read lseek fcntl ftruncate fstat
// expect: same
/* O_APPEND, O_SYNC, O_DSYNC and O_NOATIME with positioned writes: pwrite on an O_APPEND fd
 * appends whatever the offset (the Linux rule) and leaves the file offset alone; write moves it
 * to the new end; lseek then read reads from there; pwritev2 with RWF_APPEND appends on a plain
 * fd, RWF_NOAPPEND writes at the offset on an O_APPEND fd, offset -1 uses and moves the file
 * offset; dropping O_APPEND with F_SETFL makes pwrite positional again; ftruncate shrinks and the
 * next append lands at the new end; O_SYNC/O_DSYNC writes and pwrites work and F_GETFL reports
 * them; O_NOATIME on the caller's own file; RWF_SYNC/RWF_DSYNC/RWF_HIPRI flags; bad RWF flags. */
#include "fs2_util.h"
#include <sys/uio.h>

#ifndef RWF_NOAPPEND
#define RWF_NOAPPEND 0x00000020
#endif

static void show(const char *label, int fd) {
    char b[128] = {0};
    struct stat st;
    fstat(fd, &st);
    int r = open("f", O_RDONLY);
    ssize_t n = read(r, b, sizeof b - 1);
    close(r);
    printf("%s: file '%s' (size %ld), offset %ld\n", label, n >= 0 ? b : errname(errno), (long)st.st_size, (long)lseek(fd, 0, SEEK_CUR));
}

static ssize_t pw2(int fd, const char *s, off_t off, int flags) {
    struct iovec iov = { (void *)s, strlen(s) };
    return pwritev2(fd, &iov, 1, off, flags);
}

int main(void) {
    enter_scratch("pf3-appendpw");
    put("f", "0123456789");
    int a = open("f", O_RDWR | O_APPEND);
    MUST(a);
    show("opened O_RDWR|O_APPEND", a);
    printf("pwrite 'AB' at 2: %zd\n", pwrite(a, "AB", 2, 2));
    show("  after", a);
    printf("write 'cd': %zd\n", write(a, "cd", 2));
    show("  after", a);
    lseek(a, 3, SEEK_SET);
    char b[8] = {0};
    printf("lseek 3 then read 3: %zd '%s'\n", read(a, b, 3), b);
    printf("write 'E': %zd\n", write(a, "E", 1));
    show("  after", a);
    lseek(a, 0, SEEK_SET);
    printf("write 0 bytes: %zd\n", write(a, "", 0));
    show("  after", a);
    errno = 0;
    ssize_t r = pw2(a, "nn", 1, RWF_NOAPPEND);
    printf("pwritev2 'nn' at 1 RWF_NOAPPEND on O_APPEND: %s\n", r < 0 ? errname(errno) : "ok");
    show("  after", a);
    MUST(fcntl(a, F_SETFL, 0));
    printf("F_SETFL 0, pwrite 'xy' at 0: %zd\n", pwrite(a, "xy", 2, 0));
    show("  after", a);
    MUST(ftruncate(a, 5));
    MUST(fcntl(a, F_SETFL, O_APPEND));
    printf("ftruncate 5, O_APPEND again, write 'T': %zd\n", write(a, "T", 1));
    show("  after", a);
    close(a);

    int p = open("f", O_RDWR);
    lseek(p, 1, SEEK_SET);
    r = pw2(p, "[ap]", 0, RWF_APPEND);
    printf("pwritev2 '[ap]' at 0 RWF_APPEND on a plain fd: %s\n", r < 0 ? errname(errno) : "ok");
    show("  after", p);
    r = pw2(p, "@", -1, 0);
    printf("pwritev2 '@' at -1 (the file offset): %s\n", r < 0 ? errname(errno) : "ok");
    show("  after", p);
    r = pw2(p, "!", -1, RWF_APPEND);
    printf("pwritev2 '!' at -1 RWF_APPEND: %s\n", r < 0 ? errname(errno) : "ok");
    show("  after", p);
    const struct { int f; const char *n; } fl[] = { { RWF_SYNC, "RWF_SYNC" }, { RWF_DSYNC, "RWF_DSYNC" }, { RWF_HIPRI, "RWF_HIPRI" },
                                                    { 0x40000000, "unknown flag 0x40000000" } };
    for (int i = 0; i < 4; i++) {
        errno = 0;
        r = pw2(p, "s", 0, fl[i].f);
        printf("pwritev2 with %s: %s\n", fl[i].n, r < 0 ? errname(errno) : "ok");
    }
    close(p);

    const struct { int f; const char *n; } of[] = { { O_SYNC, "O_SYNC" }, { O_DSYNC, "O_DSYNC" }, { O_NOATIME, "O_NOATIME" },
                                                    { O_SYNC | O_APPEND, "O_SYNC|O_APPEND" } };
    for (int i = 0; i < 4; i++) {
        put("g", "abc");
        errno = 0;
        int fd = open("g", O_RDWR | of[i].f);
        if (fd < 0) { printf("open %s: %s\n", of[i].n, errname(errno)); continue; }
        int fget = fcntl(fd, F_GETFL);
        ssize_t w = write(fd, "WX", 2), pw = pwrite(fd, "Z", 1, 0);
        char g[16] = {0};
        pread(fd, g, 15, 0);
        printf("open %s: ok, F_GETFL has O_SYNC %s O_DSYNC %s O_NOATIME %s, write %zd, pwrite %zd, file '%s'\n", of[i].n,
               (fget & O_SYNC) == O_SYNC ? "yes" : "no", fget & O_DSYNC ? "yes" : "no", fget & O_NOATIME ? "yes" : "no", w, pw, g);
        close(fd);
    }
    leave_scratch();
    return 0;
}
