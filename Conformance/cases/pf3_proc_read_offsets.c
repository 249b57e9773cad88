// syscalls: openat read pread64 readv lseek mmap mprotect munmap close
// expect: same
/* Reading a multi-page /proc file in odd pieces: /proc/self/maps made 5+ pages long (300 extra
 * mappings that cannot merge), /proc/self/mountinfo and /proc/self/limits read with chunk sizes
 * 1, 333, 4095, 4096 and 4097 equal one big read; pread at page-boundary offsets, the middle,
 * the last byte, the end and past it gives the same slices (and leaves the offset alone); lseek
 * to the middle then reading gives the tail; readv across odd iovecs; a 0-byte read changes
 * nothing. /proc/self/status, whose counters move, only by its field names. Nothing is printed
 * until the reading is done (stdio's buffer would change maps). */
#include "common.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/uio.h>

static char whole[1 << 20], piece[1 << 20], tmp[8192];
static char report[16384];

static ssize_t read_chunks(int fd, char *buf, size_t size, size_t chunk) {
    size_t n = 0;
    for (;;) {
        size_t want = chunk < size - n ? chunk : size - n;
        ssize_t r = read(fd, buf + n, want);
        if (r < 0) return -1;
        if (r == 0 || n + r == size) return n + r;
        n += r;
    }
}

static void check(const char *path, size_t min_len) {
    char line[1024];
    int fd = open(path, O_RDONLY);
    ssize_t n = read_chunks(fd, whole, sizeof whole, sizeof whole);
    close(fd);
    snprintf(line, sizeof line, "%s: longer than %zu bytes %s\n", path, min_len, n > (ssize_t)min_len ? "yes" : "no");
    strcat(report, line);
    size_t chunks[] = { 1, 333, 4095, 4096, 4097 };
    for (size_t i = 0; i < 5; i++) {
        fd = open(path, O_RDONLY);
        ssize_t m = read_chunks(fd, piece, sizeof piece, chunks[i]);
        close(fd);
        snprintf(line, sizeof line, "  chunks of %zu equal %s\n", chunks[i], m == n && !memcmp(piece, whole, n) ? "yes" : "no");
        strcat(report, line);
    }
    fd = open(path, O_RDONLY);
    off_t offs[] = { 1, 4095, 4096, 4097, 8191, 8192, n / 2, n - 1, n, n + 1, n + 5000 };
    int all = 1;
    read(fd, tmp, 7);
    for (size_t i = 0; i < sizeof offs / sizeof *offs; i++) {
        ssize_t want = offs[i] >= n ? 0 : (n - offs[i] < 100 ? n - offs[i] : 100);
        ssize_t r = pread(fd, tmp, 100, offs[i]);
        if (r != want || memcmp(tmp, whole + (offs[i] < n ? offs[i] : 0), want)) all = 0;
    }
    off_t cur = lseek(fd, 0, SEEK_CUR);
    ssize_t z = read(fd, tmp, 0);
    ssize_t r7 = read(fd, tmp, 5);
    snprintf(line, sizeof line, "  pread at boundaries/middle/end/past end %s, offset left at 7 %s, 0-byte read %zd, next read continues %s\n",
             all ? "ok" : "bad", cur == 7 ? "yes" : "no", z, r7 == 5 && !memcmp(tmp, whole + 7, 5) ? "yes" : "no");
    strcat(report, line);
    lseek(fd, n / 2, SEEK_SET);
    ssize_t t = read_chunks(fd, piece, sizeof piece, 1000);
    snprintf(line, sizeof line, "  lseek to the middle, read the rest == tail %s\n", t == n - n / 2 && !memcmp(piece, whole + n / 2, t) ? "yes" : "no");
    strcat(report, line);
    lseek(fd, 0, SEEK_SET);
    static char a[3], b[4094], c[4099], d[1 << 19];
    struct iovec iov[4] = { { a, 3 }, { b, sizeof b }, { c, sizeof c }, { d, sizeof d } };
    size_t total = 0;
    for (;;) {
        ssize_t r = readv(fd, iov, 4);
        if (r <= 0) break;
        /* reassemble this call's bytes */
        size_t left = r, off = 0;
        for (int k = 0; k < 4 && left; k++) {
            size_t take = left < iov[k].iov_len ? left : iov[k].iov_len;
            memcpy(piece + total + off, iov[k].iov_base, take);
            off += take;
            left -= take;
        }
        total += r;
    }
    snprintf(line, sizeof line, "  readv over 3+4094+4099+512K iovecs equal %s\n", total == (size_t)n && !memcmp(piece, whole, n) ? "yes" : "no");
    strcat(report, line);
    close(fd);
}

static void names_only(char *text, char *out, size_t size) {
    out[0] = 0;
    for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n")) {
        size_t k = strcspn(l, ":");
        if (strlen(out) + k + 2 < size) { strncat(out, l, k); strcat(out, ","); }
    }
}

int main(void) {
    printf("start\n");
    fflush(stdout);
    long page = sysconf(_SC_PAGESIZE);
    char *area = mmap(NULL, 600 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(area == MAP_FAILED ? -1 : 0);
    for (int i = 0; i < 600; i += 2) mprotect(area + i * page, page, PROT_READ);
    memset(report, 0, sizeof report);
    memset(whole, 0, sizeof whole);
    memset(piece, 0, sizeof piece);
    check("/proc/self/maps", 5 * 4096);
    check("/proc/self/mountinfo", 0);
    check("/proc/self/limits", 0);

    static char st1[16384], st2[16384], n1[4096], n2[4096];
    int fd = open("/proc/self/status", O_RDONLY);
    ssize_t a = read_chunks(fd, st1, sizeof st1 - 1, sizeof st1);
    close(fd);
    fd = open("/proc/self/status", O_RDONLY);
    ssize_t b = read_chunks(fd, st2, sizeof st2 - 1, 1);
    close(fd);
    st1[a > 0 ? a : 0] = 0;
    st2[b > 0 ? b : 0] = 0;
    names_only(st1, n1, sizeof n1);
    names_only(st2, n2, sizeof n2);
    fputs(report, stdout);
    printf("/proc/self/status: byte-at-a-time read has the same field names %s\n", a > 0 && !strcmp(n1, n2) ? "yes" : "no");
    munmap(area, 600 * page);
    return 0;
}
