// syscalls: stat lstat newfstatat statx fstat statfs fstatfs openat close
// expect: same
/* Metadata by path: stat/lstat (raw, glibc would use newfstatat), newfstatat flags and
 * AT_EMPTY_PATH, statx masks and flags, statfs. Prints types, modes, sizes the case chose
 * and relations, never inode numbers, devices or times. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>

static int rm_one(const char *p, const struct stat *s, int t, struct FTW *f) {
    (void)s; (void)t; (void)f;
    return remove(p);
}

static const char *kind(mode_t m) {
    return S_ISREG(m) ? "reg" : S_ISDIR(m) ? "dir" : S_ISLNK(m) ? "lnk" : S_ISFIFO(m) ? "fifo"
         : S_ISCHR(m) ? "chr" : S_ISBLK(m) ? "blk" : S_ISSOCK(m) ? "sock" : "?";
}

static void show(const char *label, long r, struct stat *st) {
    if (r != 0) { printf("%s: %s\n", label, errname(errno)); return; }
    printf("%s: %s mode=%o", label, kind(st->st_mode), st->st_mode & 07777);
    if (!S_ISDIR(st->st_mode)) printf(" size=%ld", (long)st->st_size);
    printf(" nlink=%ld\n", (long)st->st_nlink);
}

static int same(struct stat *a, struct stat *b) { return a->st_dev == b->st_dev && a->st_ino == b->st_ino; }

int main(void) {
    umask(022);
    char dir[] = "/tmp/conf-fsstat-XXXXXX";
    if (!mkdtemp(dir)) { printf("mkdtemp: %s\n", errname(errno)); return 1; }
    MUST(chdir(dir));
    struct stat st, st2;
    int fd = open("f", O_CREAT | O_WRONLY, 0640);
    MUST(fd);
    MUST(write(fd, "0123456789abc", 13));
    close(fd);
    MUST(mkdir("d", 0750));
    MUST(mkdir("d/sub1", 0700));
    MUST(mkdir("d/sub2", 0700));
    MUST(symlink("f", "lf"));
    MUST(symlink("d", "ld"));
    MUST(symlink("nowhere", "dangling"));
    MUST(symlink("loop2", "loop1"));
    MUST(symlink("loop1", "loop2"));
    MUST(mkfifo("fifo", 0600));

    /* stat(2) and lstat(2), raw */
    long r;
    r = syscall(SYS_stat, "f", &st); show("stat f", r, &st);
    r = syscall(SYS_stat, "d", &st); show("stat d", r, &st);
    r = syscall(SYS_stat, "d/sub1", &st); show("stat d/sub1", r, &st);
    r = syscall(SYS_stat, "lf", &st); show("stat lf", r, &st);
    r = syscall(SYS_lstat, "lf", &st); show("lstat lf", r, &st);
    r = syscall(SYS_lstat, "ld", &st); show("lstat ld", r, &st);
    r = syscall(SYS_stat, "ld/", &st); show("stat ld/", r, &st);
    r = syscall(SYS_lstat, "ld/", &st); show("lstat ld/ (trailing slash follows)", r, &st);
    r = syscall(SYS_stat, "dangling", &st); show("stat dangling", r, &st);
    r = syscall(SYS_lstat, "dangling", &st); show("lstat dangling", r, &st);
    r = syscall(SYS_stat, "loop1", &st); show("stat loop", r, &st);
    r = syscall(SYS_lstat, "loop1", &st); show("lstat loop", r, &st);
    r = syscall(SYS_stat, "fifo", &st); show("stat fifo", r, &st);
    r = syscall(SYS_stat, "f/", &st); show("stat f/", r, &st);
    r = syscall(SYS_stat, "f/x", &st); show("stat f/x", r, &st);
    r = syscall(SYS_stat, "missing", &st); show("stat missing", r, &st);
    r = syscall(SYS_lstat, "missing/x", &st); show("lstat missing/x", r, &st);
    r = syscall(SYS_stat, "", &st); show("stat \"\"", r, &st);
    r = syscall(SYS_lstat, "", &st); show("lstat \"\"", r, &st);
    r = syscall(SYS_stat, "d/sub1/../../f", &st); show("stat d/sub1/../../f", r, &st);
    r = syscall(SYS_stat, "ld/sub1/../../f", &st); show("stat ld/sub1/../../f (.. after symlink is physical)", r, &st);
    r = syscall(SYS_stat, ".//d///sub1/.", &st); show("stat .//d///sub1/.", r, &st);
    MUST(syscall(SYS_stat, "/", &st));
    MUST(syscall(SYS_stat, "/..", &st2));
    FACT("/.. is /", same(&st, &st2));
    MUST(syscall(SYS_stat, "/tmp", &st));
    printf("stat /tmp: %s sticky=%s\n", kind(st.st_mode), st.st_mode & S_ISVTX ? "yes" : "no");
    MUST(syscall(SYS_stat, "/dev/null", &st));
    printf("stat /dev/null: %s\n", kind(st.st_mode));
    r = syscall(SYS_stat, "/usr/bin", &st);
    printf("stat /usr/bin: %s\n", r == 0 ? kind(st.st_mode) : errname(errno));

    /* newfstatat */
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    r = fstatat(dfd, "sub1", &st, 0); show("fstatat(d, sub1)", r, &st);
    r = fstatat(dfd, "../lf", &st, 0); show("fstatat(d, ../lf)", r, &st);
    r = fstatat(dfd, "../lf", &st, AT_SYMLINK_NOFOLLOW); show("fstatat(d, ../lf, NOFOLLOW)", r, &st);
    r = fstatat(dfd, "", &st, AT_EMPTY_PATH); show("fstatat(d, \"\", AT_EMPTY_PATH)", r, &st);
    r = fstatat(dfd, "", &st, 0); show("fstatat(d, \"\", 0)", r, &st);
    r = fstatat(AT_FDCWD, "", &st, AT_EMPTY_PATH); show("fstatat(AT_FDCWD, \"\", AT_EMPTY_PATH)", r, &st);
    MUST(stat(".", &st2));
    FACT("  ... is the cwd", same(&st, &st2));
    r = fstatat(dfd, "sub1", &st, 0x40000); show("fstatat bad flag", r, &st);
    r = fstatat(-1, "f", &st, 0); show("fstatat(-1, relative)", r, &st);
    r = fstatat(-1, "/tmp", &st, 0);
    printf("fstatat(-1, absolute): %s\n", r == 0 ? kind(st.st_mode) : errname(errno));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    r = fstatat(ffd, "x", &st, 0); show("fstatat(file fd, relative)", r, &st);
    r = fstatat(ffd, "", &st, AT_EMPTY_PATH); show("fstatat(file fd, \"\", AT_EMPTY_PATH)", r, &st);
    int lfd = open("lf", O_PATH | O_NOFOLLOW);
    MUST(lfd);
    r = fstatat(lfd, "", &st, AT_EMPTY_PATH); show("fstatat(O_PATH symlink fd, \"\", AT_EMPTY_PATH)", r, &st);
    r = syscall(SYS_fstat, lfd, &st); show("fstat(O_PATH symlink fd)", r, &st);
    r = syscall(SYS_fstat, 9999, &st); show("fstat(bad fd)", r, &st);
    r = fstatat(lfd, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW); show("  with NOFOLLOW too", r, &st);

    /* statx */
    struct statx sx;
    memset(&sx, 0, sizeof sx);
    r = statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, &sx);
    printf("statx f BASIC_STATS: %s\n", r == 0 ? "ok" : errname(errno));
    unsigned need = STATX_TYPE | STATX_MODE | STATX_NLINK | STATX_UID | STATX_GID | STATX_INO | STATX_SIZE;
    FACT("statx mask has type/mode/nlink/uid/gid/ino/size", (sx.stx_mask & need) == need);
    printf("statx f: %s mode=%o size=%llu nlink=%u\n", kind(sx.stx_mode), sx.stx_mode & 07777,
           (unsigned long long)sx.stx_size, sx.stx_nlink);
    MUST(stat("f", &st));
    FACT("statx ino/dev agree with stat", sx.stx_ino == st.st_ino &&
         makedev(sx.stx_dev_major, sx.stx_dev_minor) == st.st_dev);
    FACT("statx uid/gid agree with stat", sx.stx_uid == st.st_uid && sx.stx_gid == st.st_gid);
    FACT("statx mtime agrees with stat", sx.stx_mtime.tv_sec == st.st_mtim.tv_sec &&
         sx.stx_mtime.tv_nsec == (unsigned)st.st_mtim.tv_nsec);
    memset(&sx, 0, sizeof sx);
    r = statx(AT_FDCWD, "f", 0, STATX_SIZE, &sx);
    FACT("statx SIZE only: mask has SIZE", r == 0 && (sx.stx_mask & STATX_SIZE));
    printf("statx SIZE only: size=%llu\n", (unsigned long long)sx.stx_size);
    memset(&sx, 0, sizeof sx);
    r = statx(AT_FDCWD, "f", 0, 0, &sx);
    printf("statx mask 0: %s\n", r == 0 ? "ok" : errname(errno));
    r = statx(AT_FDCWD, "f", 0, STATX__RESERVED, &sx);
    printf("statx reserved mask bit: %s\n", r == 0 ? "ok" : errname(errno));
    r = statx(AT_FDCWD, "f", 0x40000000, STATX_BASIC_STATS, &sx);
    printf("statx unknown flag: %s\n", r == 0 ? "ok" : errname(errno));
    r = statx(AT_FDCWD, "f", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, STATX_BASIC_STATS, &sx);
    printf("statx FORCE_SYNC|DONT_SYNC: %s\n", r == 0 ? "ok" : errname(errno));
    r = statx(AT_FDCWD, "f", AT_STATX_DONT_SYNC, STATX_BASIC_STATS, &sx);
    printf("statx DONT_SYNC: %s\n", r == 0 ? "ok" : errname(errno));
    memset(&sx, 0, sizeof sx);
    r = statx(AT_FDCWD, "lf", AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_SIZE, &sx);
    printf("statx lf NOFOLLOW: %s %s size=%llu\n", r == 0 ? "ok" : errname(errno), kind(sx.stx_mode),
           (unsigned long long)sx.stx_size);
    memset(&sx, 0, sizeof sx);
    r = statx(AT_FDCWD, "lf", 0, STATX_TYPE | STATX_SIZE, &sx);
    printf("statx lf: %s %s size=%llu\n", r == 0 ? "ok" : errname(errno), kind(sx.stx_mode),
           (unsigned long long)sx.stx_size);
    memset(&sx, 0, sizeof sx);
    r = statx(dfd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_NLINK, &sx);
    printf("statx(d, \"\", AT_EMPTY_PATH): %s %s nlink=%u\n", r == 0 ? "ok" : errname(errno),
           kind(sx.stx_mode), sx.stx_nlink);
    r = statx(dfd, "", 0, STATX_TYPE, &sx);
    printf("statx(d, \"\", 0): %s\n", r == 0 ? "ok" : errname(errno));
    r = statx(AT_FDCWD, "dangling", 0, STATX_TYPE, &sx);
    printf("statx dangling: %s\n", r == 0 ? "ok" : errname(errno));
    r = statx(AT_FDCWD, "loop1", 0, STATX_TYPE, &sx);
    printf("statx loop: %s\n", r == 0 ? "ok" : errname(errno));
    r = statx(AT_FDCWD, "missing", 0, STATX_TYPE, &sx);
    printf("statx missing: %s\n", r == 0 ? "ok" : errname(errno));
    r = syscall(SYS_statx, AT_FDCWD, "f", 0, STATX_TYPE, NULL);
    printf("statx NULL buffer: %s\n", r == 0 ? "ok" : errname(errno));
    r = syscall(SYS_statx, AT_FDCWD, NULL, AT_EMPTY_PATH, STATX_TYPE, &sx);
    printf("statx(AT_FDCWD, NULL, AT_EMPTY_PATH): %s\n", r == 0 ? "ok" : errname(errno));
    r = syscall(SYS_statx, ffd, NULL, AT_EMPTY_PATH, STATX_SIZE, &sx);
    printf("statx(file fd, NULL, AT_EMPTY_PATH): %s size=%llu\n", r == 0 ? "ok" : errname(errno),
           (unsigned long long)sx.stx_size);

    /* statfs */
    struct statfs a, b;
    r = syscall(SYS_statfs, dir, &a);
    printf("statfs dir: %s\n", r == 0 ? "ok" : errname(errno));
    printf("statfs namelen: %ld\n", (long)a.f_namelen);
    r = syscall(SYS_statfs, "f", &b);
    FACT("statfs of a file matches its dir's fs", r == 0 && a.f_type == b.f_type &&
         memcmp(&a.f_fsid, &b.f_fsid, sizeof a.f_fsid) == 0);
    r = fstatfs(ffd, &b);
    FACT("fstatfs matches statfs", r == 0 && a.f_type == b.f_type);
    r = syscall(SYS_statfs, "lf", &b);
    printf("statfs through symlink: %s\n", r == 0 ? "ok" : errname(errno));
    r = syscall(SYS_statfs, "dangling", &b);
    printf("statfs dangling: %s\n", r == 0 ? "ok" : errname(errno));
    r = syscall(SYS_statfs, "missing", &b);
    printf("statfs missing: %s\n", r == 0 ? "ok" : errname(errno));
    r = syscall(SYS_statfs, "f/x", &b);
    printf("statfs f/x: %s\n", r == 0 ? "ok" : errname(errno));
    r = syscall(SYS_statfs, "", &b);
    printf("statfs \"\": %s\n", r == 0 ? "ok" : errname(errno));
    r = syscall(SYS_statfs, "f", NULL);
    printf("statfs NULL buffer: %s\n", r == 0 ? "ok" : errname(errno));
    r = syscall(SYS_statfs, "/usr", &b);
    printf("statfs /usr: %s\n", r == 0 ? "ok" : errname(errno));
    r = syscall(SYS_statfs, "/", &b);
    printf("statfs /: %s\n", r == 0 ? "ok" : errname(errno));
    r = syscall(SYS_statfs, "/dev/null", &b);
    printf("statfs /dev/null: %s\n", r == 0 ? "ok" : errname(errno));

    close(dfd);
    close(ffd);
    close(lfd);
    MUST(chdir("/"));
    MUST(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS));
    FACT("cleaned up", stat(dir, &st) != 0);
    return 0;
}
