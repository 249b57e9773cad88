// syscalls: fallocate ftruncate lseek pwrite64 write pread64 fstat openat setrlimit prlimit64 rt_sigaction
// expect: same
/* Sizes, blocks and data/hole answers through preallocation and truncation: fallocate of 64 KiB
 * sets the size and 128 blocks, yet the unwritten range is a hole for SEEK_DATA (ENXIO) and
 * SEEK_HOLE (0); one written byte makes its page data; KEEP_SIZE past the end adds blocks but not
 * size, stays invisible to SEEK_DATA and reads (EOF), and reads as zeros once ftruncate grows
 * over it; mode 0 inside the file keeps the size; ftruncate down frees the blocks past it (no
 * data/hole queries once unwritten ranges were read: ext4 then counts them as data, tmpfs not);
 * under RLIMIT_FSIZE of 64 KiB: fallocate, ftruncate and pwrite beyond it are EFBIG with
 * SIGXFSZ, a write across it is short, at it EFBIG. Block counts print as 512-byte units. */
#include "fs2_util.h"
#include <linux/falloc.h>
#include <signal.h>
#include <sys/resource.h>

static volatile sig_atomic_t xfsz;
static void on_xfsz(int s) { (void)s; xfsz++; }

static void state(const char *label, int fd) {
    struct stat st;
    fstat(fd, &st);
    errno = 0;
    off_t d = lseek(fd, 0, SEEK_DATA);
    int de = errno;
    off_t h = lseek(fd, 0, SEEK_HOLE);
    char ds[32];
    if (d < 0) snprintf(ds, sizeof ds, "%s", errname(de));
    else snprintf(ds, sizeof ds, "%ld", (long)d);
    printf("%s: size %ld, blocks %ld, SEEK_DATA 0 -> %s, SEEK_HOLE 0 -> %ld\n", label, (long)st.st_size, (long)st.st_blocks, ds, (long)h);
}

static void sizes(const char *label, int fd) {
    struct stat st;
    fstat(fd, &st);
    printf("%s: size %ld, blocks %ld\n", label, (long)st.st_size, (long)st.st_blocks);
}

static int zeros_at(int fd, off_t off) {
    char b[8];
    memset(b, 'x', sizeof b);
    ssize_t n = pread(fd, b, sizeof b, off);
    return n == 8 && !memcmp(b, "\0\0\0\0\0\0\0\0", 8);
}

int main(void) {
    enter_scratch("pf3-falloc");
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
    MUST(fd);
    state("empty", fd);
    REPORT("fallocate 0..64K", fallocate(fd, 0, 0, 65536));
    state("  after", fd);
    MUST(pwrite(fd, "D", 1, 8192));
    state("one byte written at 8192", fd);
    printf("  SEEK_HOLE 9000 -> %ld\n", (long)lseek(fd, 9000, SEEK_HOLE));
    REPORT("fallocate KEEP_SIZE 64K..128K", fallocate(fd, FALLOC_FL_KEEP_SIZE, 65536, 65536));
    state("  after", fd);
    char b[16];
    printf("  read at 70000: %zd\n", pread(fd, b, 8, 70000));
    errno = 0;
    printf("  SEEK_DATA 70000: %s\n", lseek(fd, 70000, SEEK_DATA) < 0 ? errname(errno) : "found");
    /* Reading an unwritten range can turn it into data for SEEK_DATA on some file systems: no
     * data/hole queries after this point. */
    printf("  preallocated bytes read as zeros: %s\n", zeros_at(fd, 100) ? "yes" : "no");
    REPORT("fallocate 1K..2K (inside)", fallocate(fd, 0, 1024, 1024));
    sizes("  after", fd);
    REPORT("ftruncate 100K", ftruncate(fd, 100 * 1024));
    sizes("  after", fd);
    printf("  the KEEP_SIZE range now reads as zeros: %s\n", zeros_at(fd, 70000) ? "yes" : "no");
    REPORT("ftruncate 8K", ftruncate(fd, 8192));
    sizes("  after", fd);
    REPORT("ftruncate 0", ftruncate(fd, 0));
    state("  after", fd);
    signal(SIGXFSZ, on_xfsz);
    struct rlimit rl = { 65536, 65536 };
    MUST(setrlimit(RLIMIT_FSIZE, &rl));
    REPORT("RLIMIT_FSIZE 64K: fallocate 0..128K", fallocate(fd, 0, 0, 131072));
    printf("  SIGXFSZ: %d\n", (int)xfsz);
    REPORT("  fallocate 0..64K", fallocate(fd, 0, 0, 65536));
    REPORT("  ftruncate 64K+1", ftruncate(fd, 65537));
    printf("  SIGXFSZ: %d\n", (int)xfsz);
    REPORT("  pwrite at 64K", pwrite(fd, "x", 1, 65536));
    printf("  SIGXFSZ: %d\n", (int)xfsz);
    static char big[8192];
    lseek(fd, 65536 - 100, SEEK_SET);
    printf("  write 8K starting 100 bytes before the limit: %zd\n", write(fd, big, sizeof big));
    REPORT("  write at the limit", write(fd, big, 1));
    printf("  SIGXFSZ: %d\n", (int)xfsz);
    sizes("  file", fd);
    rl.rlim_cur = rl.rlim_max = RLIM_INFINITY;
    setrlimit(RLIMIT_FSIZE, &rl);
    close(fd);
    leave_scratch();
    return 0;
}
