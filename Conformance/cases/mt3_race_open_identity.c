// syscalls: openat open newfstatat statx fstat read close dup fcntl close_range clone futex
// expect: same
/* Threads open their own files, directories and /proc files with trapped calls in a tight loop
 * while other threads dup, F_DUPFD and close_range descriptors above 200: every descriptor a
 * trapped open returns must name exactly what was opened (inode, first byte, flags), and stat
 * and statx of the path must agree with fstat of the descriptor. Counts only. */
#include "common.h"
#include <fcntl.h>
#include <linux/close_range.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define OPENERS 3
#define ROUNDS 1200

static char dir[64], files[OPENERS][96];
static ino_t inodes[OPENERS];
static atomic_int stop, wrong, failed, opens;

static void *opener(void *arg) {
    long i = (long)arg;
    char want = (char)('a' + i);
    for (int r = 0; r < ROUNDS; r++) {
        int cloexec = (r & 1) ? O_CLOEXEC : 0;
        int fd = (r % 3 == 0) ? (int)syscall(SYS_open, files[i], O_RDONLY | cloexec)
                              : openat(AT_FDCWD, files[i], O_RDONLY | cloexec);
        if (fd < 0) { failed++; continue; }
        opens++;
        struct stat a, b;
        char c = 0;
        if (fstat(fd, &a) != 0 || a.st_ino != inodes[i] || pread(fd, &c, 1, 0) != 1 || c != want) wrong++;
        if (((fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0) != (cloexec != 0)) wrong++;
        if (stat(files[i], &b) != 0 || b.st_ino != a.st_ino) wrong++;
        struct statx sx;
        if (statx(AT_FDCWD, files[i], 0, STATX_INO, &sx) != 0 || sx.stx_ino != a.st_ino) wrong++;
        close(fd);
        if (r % 10 == 0) {
            /* a directory and a /proc file */
            int d = openat(AT_FDCWD, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (d < 0) failed++;
            else {
                int e = openat(d, files[i] + strlen(dir) + 1, O_RDONLY | O_CLOEXEC);
                if (e < 0) failed++;
                else { if (fstat(e, &b) != 0 || b.st_ino != inodes[i]) wrong++; close(e); }
                close(d);
            }
            int s = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
            if (s < 0) failed++;
            else {
                char buf[32] = {0};
                if (read(s, buf, sizeof buf - 1) <= 0 || !strchr(buf, '(')) wrong++;
                close(s);
            }
        }
    }
    return NULL;
}

static void *churner(void *arg) {
    (void)arg;
    int base = open("/dev/null", O_RDONLY | O_CLOEXEC);
    while (!stop) {
        for (int k = 0; k < 8; k++) fcntl(base, F_DUPFD_CLOEXEC, 200 + k * 3);
        int d = dup(base);
        if (d >= 0) close(d);
        syscall(SYS_close_range, 200, 260, 0);
    }
    close(base);
    return NULL;
}

int main(void) {
    strcpy(dir, "/tmp/mt3-ident-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    for (int i = 0; i < OPENERS; i++) {
        snprintf(files[i], sizeof files[i], "%s/f%d", dir, i);
        int fd = open(files[i], O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
        MUST(fd);
        char c = (char)('a' + i);
        MUST(write(fd, &c, 1));
        struct stat st;
        MUST(fstat(fd, &st));
        inodes[i] = st.st_ino;
        close(fd);
    }
    pthread_t o[OPENERS], ch[2];
    for (int i = 0; i < 2; i++) MUST(-(pthread_create(&ch[i], NULL, churner, NULL) != 0));
    for (long i = 0; i < OPENERS; i++) MUST(-(pthread_create(&o[i], NULL, opener, (void *)i) != 0));
    for (int i = 0; i < OPENERS; i++) pthread_join(o[i], NULL);
    stop = 1;
    for (int i = 0; i < 2; i++) pthread_join(ch[i], NULL);
    printf("opens: %d\n", opens);
    printf("failed calls: %d\n", failed);
    printf("descriptors naming the wrong thing: %d\n", wrong);
    int lowest = open("/dev/null", O_RDONLY);
    FACT("lowest free descriptor is 3 again", lowest == 3);
    close(lowest);
    FACT("nothing left above 200", fcntl(200, F_GETFD) == -1 && fcntl(221, F_GETFD) == -1);
    for (int i = 0; i < OPENERS; i++) unlink(files[i]);
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
