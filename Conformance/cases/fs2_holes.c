// syscalls: ftruncate lseek pwrite64 pread64 openat fstat fsync
// expect: same
/* ftruncate growing a file makes a hole that reads as zeros; SEEK_DATA and SEEK_HOLE on files
 * in /tmp: an empty file, a fully sparse file, data then hole, hole then data, past EOF (ENXIO),
 * negative offsets; shrinking discards data. Offsets print as multiples where block-aligned. */
#include "fs2_util.h"

static void seeks(const char *label, int fd) {
    struct stat st;
    fstat(fd, &st);
    printf("%s (size %ld):\n", label, (long)st.st_size);
    long offs[] = { 0, 1, 4096, 65536, 1 << 20, (1 << 20) + 5, st.st_size - 1, st.st_size, st.st_size + 1 };
    for (unsigned i = 0; i < sizeof offs / sizeof offs[0]; i++) {
        if (offs[i] < 0) continue;
        errno = 0;
        long d = lseek(fd, offs[i], SEEK_DATA);
        int de = errno;
        errno = 0;
        long h = lseek(fd, offs[i], SEEK_HOLE);
        int he = errno;
        char ds[32], hs[32];
        if (d < 0) snprintf(ds, sizeof ds, "%s", errname(de)); else snprintf(ds, sizeof ds, "%ld", d);
        if (h < 0) snprintf(hs, sizeof hs, "%s", errname(he)); else snprintf(hs, sizeof hs, "%ld", h);
        printf("  at %ld: DATA %s, HOLE %s\n", offs[i], ds, hs);
    }
}

int main(void) {
    enter_scratch("fs2-holes");
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    MUST(fd);
    seeks("empty", fd);
    MUST(ftruncate(fd, 2 << 20));
    seeks("2 MiB all hole", fd);
    char buf[4096];
    memset(buf, 'd', sizeof buf);
    MUST(pwrite(fd, buf, sizeof buf, 0));
    MUST(fsync(fd));
    seeks("4 KiB data then hole", fd);
    MUST(pwrite(fd, buf, sizeof buf, 1 << 20));
    MUST(fsync(fd));
    seeks("data at 0 and at 1 MiB", fd);
    char z[100];
    MUST(pread(fd, z, sizeof z, 8192));
    int zeros = 1;
    for (int i = 0; i < 100; i++) if (z[i]) zeros = 0;
    FACT("hole reads as zeros", zeros);
    VALUE("pread past EOF", pread(fd, z, sizeof z, 3 << 20));
    MUST(ftruncate(fd, 100));
    seeks("shrunk to 100 bytes", fd);
    MUST(ftruncate(fd, 8192));
    MUST(pread(fd, z, 10, 100));
    zeros = 1;
    for (int i = 0; i < 10; i++) if (z[i]) zeros = 0;
    FACT("regrown tail is zeros (old data gone)", zeros);
    REPORT("lseek SEEK_DATA negative", lseek(fd, -1, SEEK_DATA));
    REPORT("lseek SEEK_HOLE negative", lseek(fd, -1, SEEK_HOLE));
    REPORT("ftruncate negative", ftruncate(fd, -1));
    VALUE("lseek SEEK_END -1", lseek(fd, -1, SEEK_END));
    VALUE("lseek past end +1000", lseek(fd, 1000, SEEK_END));
    MUST(write(fd, "Q", 1));
    struct stat st;
    fstat(fd, &st);
    printf("write past end extends to %ld\n", (long)st.st_size);
    close(fd);
    MUST(mkdir("dir", 0755));
    int dfd = open("dir", O_RDONLY);
    REPORT("ftruncate dir fd", ftruncate(dfd, 0));
    close(dfd);
    leave_scratch();
    return 0;
}
