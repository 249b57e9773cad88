// syscalls: openat read pread64 lseek readv close fstat
// expect: same
// normalize: /proc/sys/kernel/pid_max: 
// expect-sandbox: /proc/sys/kernel/pid_max: non-empty yes, 1-byte reads equal yes, 7-byte reads equal yes, EOF read 0: yes, pread at middle matches yes, pread leaves offset yes, SEEK_SET 3 ok, SEEK_CUR +2 ok, SEEK_END: ok, SEEK_SET -1: EINVAL, read past end: 0, rewind rereads: yes, st_size 0: yes
//   known gap: Linux's integer sysctls answer a read at a non-zero offset with EOF; the
//   sandbox's are sealed memfds read natively (read is not trapped), which read from any offset.
/* Reading /proc files in pieces: one byte at a time equals one big read, pread at offsets equals
 * the same slice, lseek SEEK_SET/SEEK_CUR (and SEEK_END's answer) on seq files and on the small
 * generated ones, read after seeking past the end, readv across iovecs, st_size of /proc files. */
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>

static char big[1 << 18], small[1 << 18], tmp[1 << 18];

static ssize_t read_all(int fd, char *buf, size_t size, size_t chunk) {
    size_t n = 0;
    for (;;) {
        size_t want = chunk < size - n ? chunk : size - n;
        ssize_t r = read(fd, buf + n, want);
        if (r <= 0) return r < 0 ? -1 : (ssize_t)n;
        n += r;
        if (n == size) return n;
    }
}

static void check(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) { printf("%s: open %s\n", path, errname(errno)); return; }
    ssize_t nb = read_all(fd, big, sizeof big, sizeof big);
    int fd1 = open(path, O_RDONLY);
    ssize_t n1 = read_all(fd1, small, sizeof small, 1);
    int fd7 = open(path, O_RDONLY);
    ssize_t n7 = read_all(fd7, tmp, sizeof tmp, 7);
    int same1 = nb > 0 && n1 == nb && !memcmp(big, small, nb);
    int same7 = nb > 0 && n7 == nb && !memcmp(big, tmp, nb);
    printf("%s: non-empty %s, 1-byte reads equal %s, 7-byte reads equal %s, ", path, nb > 0 ? "yes" : "no",
           same1 ? "yes" : "no", same7 ? "yes" : "no");
    printf("EOF read 0: %s, ", read(fd1, tmp, 10) == 0 ? "yes" : "no");

    off_t mid = nb / 2;
    char piece[16] = {0};
    ssize_t pr = pread(fd, piece, 10, mid);
    int pmatch = pr == (nb - mid < 10 ? nb - mid : 10) && !memcmp(piece, big + mid, pr);
    printf("pread at middle matches %s, ", pmatch ? "yes" : "no");
    printf("pread leaves offset %s, ", lseek(fd, 0, SEEK_CUR) == nb ? "yes" : "no");
    off_t s = lseek(fd, 3, SEEK_SET);
    ssize_t r = read(fd, piece, 5);
    int setok = s == 3 && r == (nb >= 8 ? 5 : nb - 3) && !memcmp(piece, big + 3, r);
    off_t want = 3 + (r > 0 ? r : 0) + 2;
    off_t cur = lseek(fd, 2, SEEK_CUR);
    r = read(fd, piece, 4);
    int curok = cur == want && (nb <= want ? r == 0 : r > 0 && !memcmp(piece, big + want, r));
    printf("SEEK_SET 3 %s, SEEK_CUR +2 %s, ", setok ? "ok" : "bad", curok ? "ok" : "bad");
    errno = 0;
    off_t e = lseek(fd, 0, SEEK_END);
    printf("SEEK_END: %s, ", e < 0 ? errname(errno) : "ok");
    errno = 0;
    off_t neg = lseek(fd, -1, SEEK_SET);
    printf("SEEK_SET -1: %s, ", neg < 0 ? errname(errno) : "ok");
    lseek(fd, nb + 100, SEEK_SET);
    printf("read past end: %zd, ", read(fd, piece, 4));
    lseek(fd, 0, SEEK_SET);
    r = read(fd, piece, 6);
    printf("rewind rereads: %s, ", r == (nb < 6 ? nb : 6) && !memcmp(piece, big, r) ? "yes" : "no");
    struct stat st;
    fstat(fd, &st);
    printf("st_size 0: %s\n", st.st_size == 0 ? "yes" : "no");
    lseek(fd, 0, SEEK_SET);
    char a[3], b[5], c[4096];
    struct iovec iov[3] = { { a, 3 }, { b, 5 }, { c, sizeof c } };
    r = readv(fd, iov, 3);
    char joined[16];
    memcpy(joined, a, 3); memcpy(joined + 3, b, 5);
    ssize_t k = nb < 8 ? nb : 8;
    printf("  readv: total == whole read %s, first bytes across iovecs match %s\n", r == nb ? "yes" : "no",
           r >= k && !memcmp(joined, big, k) ? "yes" : "no");
    close(fd); close(fd1); close(fd7);
}

int main(void) {
    const char *files[] = { "/proc/self/cmdline", "/proc/self/environ", "/proc/self/comm", "/proc/self/limits",
                            "/proc/self/mountinfo", "/proc/self/mounts", "/proc/self/maps", "/proc/self/cgroup",
                            "/proc/version", "/proc/filesystems", "/proc/sys/kernel/ostype", "/proc/sys/kernel/pid_max",
                            "/proc/self/stat", "/proc/self/status", "/proc/cpuinfo" };
    for (size_t i = 0; i < 12; i++) check(files[i]);
    /* Files whose contents change between reads: only the reading mechanics. */
    for (size_t i = 12; i < sizeof files / sizeof *files; i++) {
        int fd = open(files[i], O_RDONLY);
        ssize_t n1 = read_all(fd, small, sizeof small, 1);
        lseek(fd, 0, SEEK_SET);
        ssize_t nb = read_all(fd, big, sizeof big, sizeof big);
        printf("%s: 1-byte reads reach EOF %s, rewind and reread %s, first 5 bytes equal %s\n", files[i], n1 > 0 ? "yes" : "no",
               nb > 0 ? "yes" : "no", n1 >= 5 && nb >= 5 && !memcmp(small, big, 5) ? "yes" : "no");
        close(fd);
    }
    int fd = open("/proc/self/cmdline", O_RDONLY);
    REPORT("write to /proc/self/cmdline", write(fd, "x", 1));
    REPORT("open /proc/self/stat O_CREAT|O_EXCL", open("/proc/self/stat", O_CREAT | O_EXCL | O_RDONLY, 0600));
    REPORT("read /proc/self (a directory)", read(open("/proc/self", O_RDONLY), big, 10));
    return 0;
}
