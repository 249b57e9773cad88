// syscalls: openat read write pread64 pwrite64 readv writev lseek newfstatat fstat ftruncate fsync ioctl poll mmap splice sendfile clone
// expect: same
/* The memory devices as programs use them: /dev/null (EOF on read, swallows writes of any size,
 * pread/pwrite too), /dev/zero (zeros for read/pread/readv, MAP_PRIVATE and MAP_SHARED mappings,
 * the shared one shared with a forked child), /dev/full (ENOSPC for write, writev and pwrite,
 * zeros on read), /dev/urandom (large reads whole, zero-length reads); lseek answers on each,
 * st_rdev major:minor and S_ISCHR by stat and fstat, open flags (O_TRUNC, O_CREAT, O_EXCL,
 * O_DIRECTORY), ftruncate/fsync/FIONREAD errors, poll readiness, splice and sendfile from
 * /dev/zero. */
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/wait.h>

static int zeros(const char *p, size_t n) {
    for (size_t i = 0; i < n; i++) if (p[i]) return 0;
    return 1;
}

static void seeks(const char *path) {
    int fd = open(path, O_RDONLY);
    char out[256] = "";
    struct { off_t off; int wh; const char *n; } s[] = { { 100, SEEK_SET, "SET 100" }, { 5, SEEK_CUR, "CUR +5" },
                                                       { 0, SEEK_END, "END 0" }, { -1, SEEK_SET, "SET -1" } };
    for (int i = 0; i < 4; i++) {
        errno = 0;
        off_t r = lseek(fd, s[i].off, s[i].wh);
        char one[48];
        if (r < 0) snprintf(one, sizeof one, "%s: %s", s[i].n, errname(errno));
        else snprintf(one, sizeof one, "%s: %ld", s[i].n, (long)r);
        strcat(out, i ? ", " : "");
        strcat(out, one);
    }
    printf("lseek %s: %s\n", path, out);
    close(fd);
}

static void node(const char *path, unsigned ma, unsigned mi) {
    struct stat st, fst;
    int fd = open(path, O_RDONLY);
    int ok = stat(path, &st) == 0 && fd >= 0 && fstat(fd, &fst) == 0;
    printf("%s: chr %s, rdev %u:%u (expected %s), fstat same %s, st_size 0 %s\n", path, ok && S_ISCHR(st.st_mode) ? "yes" : "no",
           major(st.st_rdev), minor(st.st_rdev), major(st.st_rdev) == ma && minor(st.st_rdev) == mi ? "yes" : "no",
           ok && fst.st_rdev == st.st_rdev && fst.st_ino == st.st_ino ? "yes" : "no", st.st_size == 0 ? "yes" : "no");
    close(fd);
}

int main(void) {
    static char buf[1 << 20];
    node("/dev/null", 1, 3);
    node("/dev/zero", 1, 5);
    node("/dev/full", 1, 7);
    node("/dev/random", 1, 8);
    node("/dev/urandom", 1, 9);

    int n = open("/dev/null", O_RDWR);
    printf("/dev/null read: %zd, pread at 50: %zd\n", read(n, buf, 10), pread(n, buf, 10, 50));
    printf("/dev/null write 1 MiB: %zd, pwrite at 7: %zd, write 0: %zd\n", write(n, buf, sizeof buf), pwrite(n, "abc", 3, 7),
           write(n, buf, 0));
    struct iovec iov[3] = { { buf, 10 }, { buf, 20 }, { buf, 30 } };
    printf("/dev/null writev 10+20+30: %zd\n", writev(n, iov, 3));
    REPORT("/dev/null ftruncate", ftruncate(n, 0));
    REPORT("/dev/null fsync", fsync(n));
    int avail = -1;
    REPORT("/dev/null FIONREAD", ioctl(n, FIONREAD, &avail));
    struct pollfd pf = { .fd = n, .events = POLLIN | POLLOUT };
    int pr = poll(&pf, 1, 0);
    printf("/dev/null poll: %d, POLLIN %s, POLLOUT %s\n", pr, pf.revents & POLLIN ? "yes" : "no", pf.revents & POLLOUT ? "yes" : "no");
    close(n);
    REPORT("/dev/null O_WRONLY|O_TRUNC", (n = open("/dev/null", O_WRONLY | O_TRUNC)) < 0 ? -1 : close(n));
    REPORT("/dev/null O_CREAT", (n = open("/dev/null", O_WRONLY | O_CREAT, 0600)) < 0 ? -1 : close(n));
    REPORT("/dev/null O_CREAT|O_EXCL", open("/dev/null", O_WRONLY | O_CREAT | O_EXCL, 0600));
    REPORT("/dev/null O_DIRECTORY", open("/dev/null", O_RDONLY | O_DIRECTORY));
    REPORT("/dev/null O_APPEND write", (n = open("/dev/null", O_WRONLY | O_APPEND)) < 0 ? -1 : write(n, "x", 1));

    int z = open("/dev/zero", O_RDWR);
    memset(buf, 'x', sizeof buf);
    ssize_t r = read(z, buf, sizeof buf);
    printf("/dev/zero read 1 MiB: %zd, zeros %s\n", r, r > 0 && zeros(buf, r) ? "yes" : "no");
    memset(buf, 'x', 64);
    r = pread(z, buf, 64, 12345);
    printf("/dev/zero pread 64 at 12345: %zd, zeros %s\n", r, zeros(buf, 64) ? "yes" : "no");
    memset(buf, 'x', 60);
    r = readv(z, iov, 3);
    printf("/dev/zero readv 10+20+30: %zd, zeros %s\n", r, zeros(buf, 30) ? "yes" : "no");
    printf("/dev/zero write: %zd\n", write(z, "abc", 3));
    char *pm = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, z, 0);
    printf("/dev/zero MAP_PRIVATE: %s", pm == MAP_FAILED ? errname(errno) : "ok");
    if (pm != MAP_FAILED) { int zz = zeros(pm, 8192); pm[100] = 7; printf(", zeros %s, writable %s", zz ? "yes" : "no", pm[100] == 7 ? "yes" : "no"); }
    printf("\n");
    volatile char *sm = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, z, 0);
    printf("/dev/zero MAP_SHARED: %s\n", sm == MAP_FAILED ? errname(errno) : "ok");
    if (sm != MAP_FAILED) {
        fflush(stdout);
        pid_t c = fork();
        if (c == 0) { sm[10] = 42; _exit(0); }
        waitpid(c, NULL, 0);
        printf("/dev/zero MAP_SHARED: child's write seen %s\n", sm[10] == 42 ? "yes" : "no");
    }
    int p[2];
    pipe(p);
    printf("splice /dev/zero -> pipe 1000: %zd\n", splice(z, NULL, p[1], NULL, 1000, 0));
    r = read(p[0], buf, 2000);
    printf("  pipe holds %zd zeros: %s\n", r, r > 0 && zeros(buf, r) ? "yes" : "no");
    n = open("/dev/null", O_WRONLY);
    printf("sendfile /dev/zero -> /dev/null 5000: %zd\n", sendfile(n, z, NULL, 5000));
    close(z);

    int f = open("/dev/full", O_RDWR);
    REPORT("/dev/full write", write(f, "x", 1));
    REPORT("/dev/full writev", writev(f, iov, 3));
    REPORT("/dev/full pwrite", pwrite(f, "x", 1, 10));
    REPORT("/dev/full write 0 bytes", write(f, buf, 0));
    memset(buf, 'x', 100);
    r = read(f, buf, 100);
    printf("/dev/full read 100: %zd, zeros %s\n", r, zeros(buf, 100) ? "yes" : "no");
    close(f);

    int u = open("/dev/urandom", O_RDONLY);
    printf("/dev/urandom read 1 MiB: %zd, read 0: %zd\n", read(u, buf, sizeof buf), read(u, buf, 0));
    char a[32], b[32];
    pread(u, a, 32, 0);
    pread(u, b, 32, 0);
    FACT("/dev/urandom pread twice at 0 differs", memcmp(a, b, 32) != 0);
    close(u);
    int rn = open("/dev/random", O_RDONLY | O_NONBLOCK);
    printf("/dev/random O_NONBLOCK read 16: %zd\n", read(rn, a, 16));
    close(rn);

    seeks("/dev/null");
    seeks("/dev/zero");
    seeks("/dev/full");
    seeks("/dev/urandom");
    return 0;
}
