// syscalls: openat ftruncate mmap munmap unlink fstat newfstatat umask clone wait4 close pread64
// expect: same
/* POSIX shared memory in /dev/shm: shm_open/ftruncate/mmap, a forked child opens it by name
 * and both see each other's writes; O_EXCL, unlink, reopen after unlink, mode bits. */
#include "common.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

int main(void) {
    long pg = sysconf(_SC_PAGESIZE);
    char name[64];
    snprintf(name, sizeof name, "/conf-shm-%d", (int)getpid());
    umask(022);
    int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0640);
    FACT("shm_open create", fd >= 0);
    if (fd < 0) { printf("shm_open: %s\n", errname(errno)); return 0; }
    struct stat st;
    MUST(fstat(fd, &st));
    printf("new object size %lld mode %o regular %s\n", (long long)st.st_size, st.st_mode & 0777, S_ISREG(st.st_mode) ? "yes" : "no");
    errno = 0;
    printf("shm_open O_EXCL again: %s\n", shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600) < 0 ? errname(errno) : "ok");
    REPORT("ftruncate 2 pages", ftruncate(fd, 2 * pg));
    MUST(fstat(fd, &st));
    FACT("size is 2 pages", st.st_size == 2 * pg);
    char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    FACT("mmap shared", m != MAP_FAILED);
    strcpy(m, "from-parent");
    int p2c[2], c2p[2];
    MUST(pipe(p2c));
    MUST(pipe(c2p));
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        int cfd = shm_open(name, O_RDWR, 0);
        if (cfd < 0) _exit(10);
        char *cm = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);
        if (cm == MAP_FAILED) _exit(11);
        int ok = strcmp(cm, "from-parent") == 0;
        strcpy(cm + pg, "from-child");
        char b = 'x';
        if (write(c2p[1], &b, 1) != 1) _exit(12);
        if (read(p2c[0], &b, 1) != 1) _exit(13);
        ok = ok && strcmp(cm, "parent-again") == 0;
        _exit(ok ? 0 : 14);
    }
    char b;
    MUST(read(c2p[0], &b, 1));
    printf("parent sees child's write: %s\n", m + pg);
    strcpy(m, "parent-again");
    MUST(write(p2c[1], "y", 1));
    int ws;
    MUST(waitpid(c, &ws, 0));
    printf("child exit: %d\n", WIFEXITED(ws) ? WEXITSTATUS(ws) : -1);

    int ro = shm_open(name, O_RDONLY, 0);
    errno = 0;
    void *r = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
    printf("writable map of O_RDONLY shm fd: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
    char rb[16] = {0};
    MUST(pread(ro, rb, 12, 0));
    printf("read through fd: %s\n", rb);
    REPORT("shm_unlink", shm_unlink(name));
    errno = 0;
    printf("shm_open after unlink: %s\n", shm_open(name, O_RDWR, 0) < 0 ? errname(errno) : "ok");
    REPORT("shm_unlink again", shm_unlink(name));
    FACT("mapping still usable after unlink", strcmp(m, "parent-again") == 0);
    errno = 0;
    printf("shm_open name with slash inside: %s\n", shm_open("/a/b", O_RDWR | O_CREAT, 0600) < 0 ? errname(errno) : "ok");
    REPORT("shrink with ftruncate", ftruncate(fd, pg));
    MUST(fstat(fd, &st));
    FACT("size is 1 page", st.st_size == pg);
    struct stat ds;
    REPORT("stat /dev/shm", stat("/dev/shm", &ds));
    printf("/dev/shm is a sticky world-writable dir: %s\n", S_ISDIR(ds.st_mode) && (ds.st_mode & 01777) == 01777 ? "yes" : "no");
    return 0;
}
