// syscalls: stat lstat newfstatat
// expect: same
/* stat, lstat and newfstatat with bad pointers and boundary paths: NULL, (void*)1, read-only and
 * straddling stat buffers (the lookup's errno comes first), paths of exactly PATH_MAX-1 and
 * PATH_MAX bytes, paths that end exactly at a mapping's end with and without their NUL (4095
 * bytes then the edge: EFAULT; 4096 without a NUL: ENAMETOOLONG, the edge never read), NAME_MAX+1
 * components in host directories, after a missing directory and after a file; AT_EMPTY_PATH
 * with a NULL path, with unknown flag bits, on bad descriptors. Prints the file type only. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static void st(const char *label, long r, const struct stat *s) {
    if (r == -1) printf("%s: %s\n", label, errname(errno));
    else printf("%s: ok type %o\n", label, s->st_mode & S_IFMT);
}

#define STAT(label, nr, p) do { struct stat s_; errno = 0; st(label, syscall(nr, p, &s_), &s_); } while (0)
#define FSAT(label, fd, p, flags) do { struct stat s_; errno = 0; \
        st(label, syscall(SYS_newfstatat, fd, p, &s_, flags), &s_); } while (0)

int main(void) {
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(ro == MAP_FAILED ? -1 : 0);
    char *sb = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(sb == MAP_FAILED ? -1 : 0);
    MUST(mprotect(sb + 4096, 4096, PROT_NONE));
    char *sedge = sb + 4096;
    enter_scratch("err3-stat");
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    MUST(symlink("d", "ld"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    int closed = fcntl(ffd, F_DUPFD, 900);   /* a number nothing reuses */
    MUST(closed);
    close(closed);

    REPORT("stat NULL buffer", syscall(SYS_stat, "f", NULL));
    REPORT("stat NULL buffer, missing", syscall(SYS_stat, "missing", NULL));
    REPORT("stat (void*)1 buffer, f/x", syscall(SYS_stat, "f/x", (void *)1));
    REPORT("stat read-only buffer", syscall(SYS_stat, "f", ro));
    REPORT("stat buffer straddling edge", syscall(SYS_stat, "f", sedge - 64));
    REPORT("stat buffer ending at edge", syscall(SYS_stat, "f", sedge - sizeof(struct stat)));
    REPORT("stat NULL path", syscall(SYS_stat, NULL, &(struct stat){0}));
    REPORT("stat NULL path, NULL buffer", syscall(SYS_stat, NULL, NULL));
    REPORT("lstat NULL buffer, dangling-free symlink", syscall(SYS_lstat, "lf", NULL));
    REPORT("lstat read-only buffer, missing", syscall(SYS_lstat, "missing", ro));
    REPORT("lstat buffer straddling edge", syscall(SYS_lstat, "lf", sedge - 8));

    /* Paths at a mapping's end. */
    memset(m, '/', 4096);
    memcpy(edge - 2, "f", 2);
    STAT("stat path ending at edge with NUL", SYS_stat, edge - 2);
    edge[-1] = 'f';
    STAT("stat \"f\" unterminated at edge", SYS_stat, edge - 1);
    STAT("stat 4095 bytes unterminated at edge", SYS_stat, edge - 4095);
    STAT("stat 4096 bytes unterminated at edge", SYS_stat, edge - 4096);
    STAT("lstat 4095 bytes unterminated at edge", SYS_lstat, edge - 4095);
    FSAT("newfstatat 4096 bytes unterminated at edge", AT_FDCWD, edge - 4096, 0);

    /* PATH_MAX: the scratch directory's absolute name, padded with "/" to the length. */
    char path[PATH_MAX + 2];
    size_t base = strlen(scratch);
    memset(path, '/', sizeof path);
    memcpy(path, scratch, base);
    memcpy(path + PATH_MAX - 2, "/f", 2);
    path[PATH_MAX] = 0;                      /* 4096 bytes before the NUL */
    STAT("stat 4096-byte absolute path", SYS_stat, path);
    memmove(path + base, path + base + 1, PATH_MAX - base);   /* 4095 bytes */
    STAT("stat 4095-byte absolute path", SYS_stat, path);
    STAT("lstat 4095-byte absolute path", SYS_lstat, path);
    FSAT("newfstatat 4095-byte absolute path", AT_FDCWD, path, AT_SYMLINK_NOFOLLOW);
    char rel[PATH_MAX + 2];
    for (int i = 0; i < 2047; i++) memcpy(rel + 2 * i, "./", 2);
    memcpy(rel + 4094, "f", 2);              /* 4095 bytes */
    STAT("stat 4095-byte relative path", SYS_stat, rel);
    memcpy(rel + 4094, "ff", 3);             /* 4096 bytes */
    STAT("stat 4096-byte relative path", SYS_stat, rel);

    char n256[300], p[600];
    memset(n256, 'n', 256);
    n256[256] = 0;
    STAT("stat 256-byte name", SYS_stat, n256);
    snprintf(p, sizeof p, "missing/%s", n256);
    STAT("stat missing/256-byte name", SYS_stat, p);
    snprintf(p, sizeof p, "f/%s", n256);
    STAT("stat f/256-byte name", SYS_stat, p);
    snprintf(p, sizeof p, "%s/..", n256);
    STAT("stat 256-byte name/..", SYS_stat, p);
    snprintf(p, sizeof p, "d/%s/../..", n256);
    STAT("stat d/256-byte name/../..", SYS_stat, p);
    snprintf(p, sizeof p, "ld/%s", n256);
    STAT("lstat ld/256-byte name", SYS_lstat, p);
    n256[255] = 0;
    STAT("stat 255-byte name (missing)", SYS_stat, n256);

    FSAT("newfstatat AT_EMPTY_PATH NULL path, fd", ffd, NULL, AT_EMPTY_PATH);
    FSAT("newfstatat AT_EMPTY_PATH NULL path, O_PATH fd", pfd, NULL, AT_EMPTY_PATH);
    FSAT("newfstatat AT_EMPTY_PATH NULL path, AT_FDCWD", AT_FDCWD, NULL, AT_EMPTY_PATH);
    FSAT("newfstatat AT_EMPTY_PATH NULL path, fd -1", -1, NULL, AT_EMPTY_PATH);
    FSAT("newfstatat AT_EMPTY_PATH NULL path, closed fd", closed, NULL, AT_EMPTY_PATH);
    FSAT("newfstatat NULL path, no flag", ffd, NULL, 0);
    FSAT("newfstatat AT_EMPTY_PATH|0x1, fd, empty path", ffd, "", AT_EMPTY_PATH | 1);
    FSAT("newfstatat AT_EMPTY_PATH|0x8000, fd, NULL path", ffd, NULL, AT_EMPTY_PATH | 0x8000);
    FSAT("newfstatat AT_EMPTY_PATH|AT_REMOVEDIR, fd, empty path", ffd, "", AT_EMPTY_PATH | AT_REMOVEDIR);
    FSAT("newfstatat AT_EMPTY_PATH|0x1, fd, path f", AT_FDCWD, "f", AT_EMPTY_PATH | 1);
    FSAT("newfstatat AT_EMPTY_PATH|0x1, AT_FDCWD, empty path", AT_FDCWD, "", AT_EMPTY_PATH | 1);
    FSAT("newfstatat AT_EMPTY_PATH|0x1, fd -1, empty path", -1, "", AT_EMPTY_PATH | 1);
    FSAT("newfstatat flags -1, fd, empty path", ffd, "", -1);
    REPORT("newfstatat AT_EMPTY_PATH, fd, NULL buffer", syscall(SYS_newfstatat, ffd, "", NULL, AT_EMPTY_PATH));
    REPORT("newfstatat AT_EMPTY_PATH, fd -1, NULL buffer", syscall(SYS_newfstatat, -1, "", NULL, AT_EMPTY_PATH));
    REPORT("newfstatat flags 0x1, NULL buffer", syscall(SYS_newfstatat, AT_FDCWD, "f", NULL, 1));
    REPORT("newfstatat flags 0x1, missing", syscall(SYS_newfstatat, AT_FDCWD, "missing", &(struct stat){0}, 1));
    FSAT("newfstatat fd INT_MAX, relative", INT_MAX, "f", 0);
    FSAT("newfstatat fd INT_MAX, absolute", INT_MAX, "/", 0);
    FSAT("newfstatat O_PATH file fd, relative", pfd, "x", 0);
    REPORT("newfstatat dirfd with junk above 32 bits", syscall(SYS_newfstatat, (0x1234L << 32) | (unsigned)AT_FDCWD, "f", &(struct stat){0}, 0));
    close(ffd); close(pfd);
    leave_scratch();
    return 0;
}
