// syscalls: open openat openat2 creat stat lstat newfstatat statx statfs access faccessat faccessat2 readlink readlinkat chdir mkdir mkdirat mknod mknodat unlink unlinkat rmdir rename renameat renameat2 link linkat symlink symlinkat chmod fchmodat chown lchown fchownat utime utimes futimesat utimensat truncate setxattr lsetxattr getxattr lgetxattr listxattr llistxattr removexattr lremovexattr inotify_add_watch execve execveat getcwd
// expect: same
/* Path errors, for every path-taking syscall at once: an empty path (ENOENT), a 4096-byte path
 * and a 256-byte component (ENAMETOOLONG), bad pointers (EFAULT: (char *)1, a PROT_NONE page,
 * a string running into one), a symlink loop and a chain of 41 symlinks (ELOOP), a file used
 * as a directory (ENOTDIR), a missing parent (ENOENT). Then boundaries (4095 bytes and 40
 * symlinks still work), EISDIR, EEXIST, trailing slashes, and EXDEV between two writable zones:
 * /tmp and /home/sandbox in the sandbox; natively, where /home/sandbox usually does not exist
 * or shares /tmp's filesystem, /dev/shm stands in (a different filesystem too). */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <linux/openat2.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>

extern char **environ;
static int ifd;

static int rm_one(const char *p, const struct stat *s, int t, struct FTW *f) {
    (void)s; (void)t; (void)f;
    return remove(p);
}

#define E(name, expr) do {                                                   \
        errno = 0;                                                           \
        long r_ = (long)(expr);                                              \
        printf("  %-18s %s\n", name, r_ == -1 ? errname(errno) : "ok");  \
        if (r_ >= 0 && (strcmp(name, "open") == 0 || strncmp(name, "open", 4) == 0 || \
                        strcmp(name, "creat") == 0)) close((int)r_);         \
    } while (0)

/* Every path-taking syscall with P as its path; P must not resolve to anything usable.
 * The other path argument, where there is one, is an existing file "f" or a free name. */
static void every(const char *scenario, const char *p) {
    struct stat st;
    struct statx sx;
    struct statfs_buf { char b[256]; } sf;
    char buf[256];
    struct open_how how = { .flags = O_RDONLY };
    char *argv[] = { (char *)"x", NULL };
    printf("%s:\n", scenario);
    E("open", syscall(SYS_open, p, O_RDONLY, 0));
    E("open O_CREAT", syscall(SYS_open, p, O_CREAT | O_WRONLY, 0600));
    E("openat", syscall(SYS_openat, AT_FDCWD, p, O_RDONLY, 0));
    E("openat2", syscall(SYS_openat2, AT_FDCWD, p, &how, sizeof how));
    E("creat", syscall(SYS_creat, p, 0600));
    E("stat", syscall(SYS_stat, p, &st));
    E("lstat", syscall(SYS_lstat, p, &st));
    E("newfstatat", syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0));
    E("statx", syscall(SYS_statx, AT_FDCWD, p, 0, STATX_BASIC_STATS, &sx));
    E("statfs", syscall(SYS_statfs, p, &sf));
    E("access", syscall(SYS_access, p, F_OK));
    E("faccessat", syscall(SYS_faccessat, AT_FDCWD, p, F_OK));
    E("faccessat2", syscall(SYS_faccessat2, AT_FDCWD, p, F_OK, 0));
    E("readlink", syscall(SYS_readlink, p, buf, sizeof buf));
    E("readlinkat", syscall(SYS_readlinkat, AT_FDCWD, p, buf, sizeof buf));
    E("chdir", syscall(SYS_chdir, p));
    E("mkdir", syscall(SYS_mkdir, p, 0700));
    E("mkdirat", syscall(SYS_mkdirat, AT_FDCWD, p, 0700));
    E("mknod", syscall(SYS_mknod, p, S_IFIFO | 0600, 0));
    E("mknodat", syscall(SYS_mknodat, AT_FDCWD, p, S_IFIFO | 0600, 0));
    E("unlink", syscall(SYS_unlink, p));
    E("unlinkat", syscall(SYS_unlinkat, AT_FDCWD, p, 0));
    E("rmdir", syscall(SYS_rmdir, p));
    E("rename from", syscall(SYS_rename, p, "free"));
    E("rename to", syscall(SYS_rename, "f", p));
    E("renameat", syscall(SYS_renameat, AT_FDCWD, p, AT_FDCWD, "free"));
    E("renameat2", syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, p, RENAME_NOREPLACE));
    E("link from", syscall(SYS_link, p, "free"));
    E("link to", syscall(SYS_link, "f", p));
    E("linkat", syscall(SYS_linkat, AT_FDCWD, p, AT_FDCWD, "free", AT_SYMLINK_FOLLOW));
    E("symlink name", syscall(SYS_symlink, "target", p));
    E("symlink target", syscall(SYS_symlink, p, "free"));
    if (lstat("free", &st) == 0) unlink("free");
    E("symlinkat", syscall(SYS_symlinkat, "target", AT_FDCWD, p));
    E("chmod", syscall(SYS_chmod, p, 0600));
    E("fchmodat", syscall(SYS_fchmodat, AT_FDCWD, p, 0600));
    E("chown", syscall(SYS_chown, p, getuid(), getgid()));
    E("lchown", syscall(SYS_lchown, p, getuid(), getgid()));
    E("fchownat", syscall(SYS_fchownat, AT_FDCWD, p, getuid(), getgid(), 0));
    E("utime", syscall(SYS_utime, p, NULL));
    E("utimes", syscall(SYS_utimes, p, NULL));
    E("futimesat", syscall(SYS_futimesat, AT_FDCWD, p, NULL));
    E("utimensat", syscall(SYS_utimensat, AT_FDCWD, p, NULL, 0));
    E("truncate", syscall(SYS_truncate, p, 0L));
    E("setxattr", syscall(SYS_setxattr, p, "user.x", "1", 1L, 0));
    E("lsetxattr", syscall(SYS_lsetxattr, p, "user.x", "1", 1L, 0));
    E("getxattr", syscall(SYS_getxattr, p, "user.x", buf, sizeof buf));
    E("lgetxattr", syscall(SYS_lgetxattr, p, "user.x", buf, sizeof buf));
    E("listxattr", syscall(SYS_listxattr, p, buf, sizeof buf));
    E("llistxattr", syscall(SYS_llistxattr, p, buf, sizeof buf));
    E("removexattr", syscall(SYS_removexattr, p, "user.x"));
    E("lremovexattr", syscall(SYS_lremovexattr, p, "user.x"));
    E("inotify_add_watch", syscall(SYS_inotify_add_watch, ifd, p, IN_ALL_EVENTS));
    E("execve", syscall(SYS_execve, p, argv, environ));
    E("execveat", syscall(SYS_execveat, AT_FDCWD, p, argv, environ, 0));
}

static char *repeat(const char *unit, size_t len) {
    char *s = malloc(len + 1);
    size_t u = strlen(unit);
    for (size_t i = 0; i < len; i++) s[i] = unit[i % u];
    s[len] = 0;
    return s;
}

int main(void) {
    umask(022);
    char dir[] = "/tmp/conf-fserr-XXXXXX";
    if (!mkdtemp(dir)) { printf("mkdtemp: %s\n", errname(errno)); return 1; }
    MUST(chdir(dir));
    ifd = inotify_init1(0);
    MUST(ifd);
    int fd = open("f", O_CREAT | O_WRONLY, 0644);
    MUST(fd);
    MUST(write(fd, "data", 4));
    close(fd);
    MUST(mkdir("d", 0755));
    MUST(symlink("loop-b", "loop-a"));
    MUST(symlink("loop-a", "loop-b"));
    MUST(symlink("self", "self"));
    /* c0 -> d, c1 -> c0, ..., c40 -> c39: reaching d through cN takes N+1 symlinks */
    MUST(symlink("d", "c0"));
    for (int i = 1; i <= 40; i++) {
        char a[16], b[16];
        snprintf(a, sizeof a, "c%d", i - 1);
        snprintf(b, sizeof b, "c%d", i);
        MUST(symlink(a, b));
    }

    every("empty path", "");
    char *dots = repeat("./", 4095);  /* "./././..." : resolves to the cwd */
    char *p4096 = malloc(4200);
    snprintf(p4096, 4200, "%s/", dots);  /* 4096 bytes + NUL */
    every("4096-byte path", p4096);
    char comp[300];
    memset(comp, 'c', 256);
    comp[256] = 0;
    every("256-byte component", comp);
    every("path (char *)1", (const char *)1);
    long pg = sysconf(_SC_PAGESIZE);
    char *map = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) { printf("mmap: %s\n", errname(errno)); return 1; }
    MUST(mprotect(map + pg, pg, PROT_NONE));
    every("path in a PROT_NONE page", map + pg);
    memcpy(map + pg - 3, "abc", 3);  /* no NUL before the PROT_NONE page */
    every("path running into a PROT_NONE page", map + pg - 3);
    every("symlink loop as a directory", "loop-a/x");
    every("41 symlinks as a directory", "c40/x");
    every("file as a directory", "f/x");
    every("missing parent", "missing/x");

    /* boundaries */
    struct stat st;
    printf("boundaries:\n");
    dots[4094] = 0;  /* 4094 bytes ending in "." after a "/" */
    REPORT("  stat 4094-byte ./././. path", syscall(SYS_stat, dots, &st));
    char *p4095 = malloc(4200);
    snprintf(p4095, 4200, "%s/", dots);  /* 4095 bytes */
    REPORT("  stat 4095-byte path", syscall(SYS_stat, p4095, &st));
    REPORT("  open 4095-byte path", fd = syscall(SYS_open, p4095, O_RDONLY | O_DIRECTORY));
    if (fd >= 0) close(fd);
    REPORT("  chdir 4095-byte path", syscall(SYS_chdir, p4095));
    REPORT("  stat 4096-byte path", syscall(SYS_stat, p4096, &st));
    memset(comp, 'c', 255);
    comp[255] = 0;
    REPORT("  stat 255-byte component (missing)", syscall(SYS_stat, comp, &st));
    REPORT("  create 255-byte name", fd = syscall(SYS_open, comp, O_CREAT | O_WRONLY, 0600));
    if (fd >= 0) close(fd);
    REPORT("  stat it", syscall(SYS_stat, comp, &st));
    REPORT("  unlink it", syscall(SYS_unlink, comp));
    REPORT("  stat through 40 symlinks (c39)", syscall(SYS_stat, "c39", &st));
    /* Not c39: natively a walk that falls back from RCU mode to ref mode keeps counting the links
     * it followed, so at the limit the answer depends on concurrency (ELOOP under load). */
    REPORT("  open c9/../f", fd = syscall(SYS_open, "c9/../f", O_RDONLY));
    if (fd >= 0) close(fd);
    REPORT("  stat through 41 symlinks (c40)", syscall(SYS_stat, "c40", &st));
    REPORT("  lstat c40 (not followed)", syscall(SYS_lstat, "c40", &st));
    REPORT("  open c40 O_PATH|O_NOFOLLOW", fd = syscall(SYS_open, "c40", O_PATH | O_NOFOLLOW));
    if (fd >= 0) close(fd);
    REPORT("  chdir c40", syscall(SYS_chdir, "c40"));
    REPORT("  stat self-loop", syscall(SYS_stat, "self", &st));
    REPORT("  open self-loop O_CREAT", syscall(SYS_open, "self", O_CREAT | O_WRONLY, 0600));
    REPORT("  open loop O_NOFOLLOW", syscall(SYS_open, "loop-a", O_RDONLY | O_NOFOLLOW));
    REPORT("  lstat loop", syscall(SYS_lstat, "loop-a", &st));
    REPORT("  readlink loop", syscall(SYS_readlink, "loop-a", (char[16]){0}, 16L));
    REPORT("  mkdir loop (exists as a link)", syscall(SYS_mkdir, "loop-a", 0700));
    REPORT("  access loop", syscall(SYS_access, "loop-a", F_OK));
    REPORT("  truncate loop", syscall(SYS_truncate, "loop-a", 0L));
    REPORT("  execve loop", syscall(SYS_execve, "loop-a", (char *[]){ "x", NULL }, environ));
    char *t4095 = repeat("t", 4095), *t4096 = repeat("t", 4096);
    REPORT("  symlink with a 4095-byte target", syscall(SYS_symlink, t4095, "longtarget"));
    printf("  its lstat size: %ld\n", lstat("longtarget", &st) == 0 ? (long)st.st_size : -1L);
    REPORT("  symlink with a 4096-byte target", syscall(SYS_symlink, t4096, "longtarget2"));
    REPORT("  stat the long dangling target", syscall(SYS_stat, "longtarget", &st));
    REPORT("  getcwd into a PROT_NONE page", syscall(SYS_getcwd, map + pg, 256L));
    REPORT("  stat into a PROT_NONE buffer", syscall(SYS_stat, "f", map + pg));
    REPORT("  readlink into a PROT_NONE buffer", syscall(SYS_readlink, "loop-a", map + pg, 16L));
    REPORT("  getxattr name in a PROT_NONE page", syscall(SYS_getxattr, "f", map + pg, NULL, 0L));

    printf("kinds:\n");
    REPORT("  open dir O_WRONLY", syscall(SYS_open, "d", O_WRONLY));
    REPORT("  open dir O_RDWR|O_CREAT", syscall(SYS_open, "d", O_RDWR | O_CREAT, 0600));
    REPORT("  creat dir", syscall(SYS_creat, "d", 0600));
    REPORT("  truncate dir", syscall(SYS_truncate, "d", 0L));
    REPORT("  unlink dir", syscall(SYS_unlink, "d"));
    REPORT("  rename file onto dir", syscall(SYS_rename, "f", "d"));
    REPORT("  rename dir onto file", syscall(SYS_rename, "d", "f"));
    REPORT("  open O_DIRECTORY file", syscall(SYS_open, "f", O_RDONLY | O_DIRECTORY));
    REPORT("  rmdir file", syscall(SYS_rmdir, "f"));
    REPORT("  chdir file", syscall(SYS_chdir, "f"));
    REPORT("  mkdir existing dir", syscall(SYS_mkdir, "d", 0700));
    REPORT("  mkdir existing file", syscall(SYS_mkdir, "f", 0700));
    REPORT("  mknod existing", syscall(SYS_mknod, "f", S_IFIFO | 0600, 0));
    REPORT("  symlink existing", syscall(SYS_symlink, "x", "d"));
    REPORT("  link existing", syscall(SYS_link, "f", "d"));
    REPORT("  O_CREAT|O_EXCL existing", syscall(SYS_open, "f", O_CREAT | O_EXCL | O_WRONLY, 0600));
    REPORT("  O_CREAT|O_EXCL dangling symlink", syscall(SYS_open, "loop-a", O_CREAT | O_EXCL | O_WRONLY, 0600));
    REPORT("  stat f/", syscall(SYS_stat, "f/", &st));
    REPORT("  stat d/", syscall(SYS_stat, "d/", &st));
    REPORT("  stat d/.", syscall(SYS_stat, "d/.", &st));
    REPORT("  stat f/.", syscall(SYS_stat, "f/.", &st));
    REPORT("  stat f/..", syscall(SYS_stat, "f/..", &st));
    REPORT("  stat d//", syscall(SYS_stat, "d//", &st));
    REPORT("  stat c0/ (symlink to dir, slash)", syscall(SYS_lstat, "c0/", &st));
    printf("  lstat c0/ is the dir: %s\n", S_ISDIR(st.st_mode) ? "yes" : "no");
    REPORT("  unlink c0/", syscall(SYS_unlink, "c0/"));
    REPORT("  rmdir c0/", syscall(SYS_rmdir, "c0/"));
    REPORT("  rename c1 c1x/", syscall(SYS_rename, "c1", "c1x/"));
    REPORT("  mkdir new/ (allowed)", syscall(SYS_mkdir, "new/", 0700));
    REPORT("  mknod new2/", syscall(SYS_mknod, "new2/", S_IFIFO | 0600, 0));
    REPORT("  link f new3/", syscall(SYS_link, "f", "new3/"));
    REPORT("  symlink f new4/", syscall(SYS_symlink, "f", "new4/"));

    /* EXDEV between two writable zones */
    printf("zones:\n");
    struct stat a, b;
    const char *zone = "/home/sandbox";
    MUST(stat("/tmp", &a));
    if (stat(zone, &b) != 0 || a.st_dev == b.st_dev) zone = "/dev/shm";
    char other[128];
    snprintf(other, sizeof other, "%s/conf-fserr-XXXXXX", zone);
    if (!mkdtemp(other)) {
        printf("  second zone: %s\n", errname(errno));
    } else {
        MUST(stat(other, &b));
        FACT("  second zone is another filesystem", a.st_dev != b.st_dev);
        char to[256], to2[256], lk[256];
        snprintf(to, sizeof to, "%s/moved", other);
        snprintf(to2, sizeof to2, "%s/g", other);
        snprintf(lk, sizeof lk, "%s/f", dir);
        fd = open(to2, O_CREAT | O_WRONLY, 0644);
        MUST(fd);
        close(fd);
        REPORT("  rename file across", syscall(SYS_rename, "f", to));
        REPORT("  rename dir across", syscall(SYS_rename, "d", to));
        REPORT("  rename symlink across", syscall(SYS_rename, "c0", to));
        REPORT("  rename onto existing across", syscall(SYS_rename, "f", to2));
        REPORT("  renameat across", renameat(AT_FDCWD, "f", AT_FDCWD, to));
        REPORT("  renameat2 RENAME_NOREPLACE across", renameat2(AT_FDCWD, "f", AT_FDCWD, to, RENAME_NOREPLACE));
        REPORT("  renameat2 RENAME_EXCHANGE across", renameat2(AT_FDCWD, "f", AT_FDCWD, to2, RENAME_EXCHANGE));
        REPORT("  link across", syscall(SYS_link, "f", to));
        REPORT("  linkat across", linkat(AT_FDCWD, "f", AT_FDCWD, to, 0));
        REPORT("  link back across", syscall(SYS_link, to2, "g-here"));
        FACT("  f still here", stat("f", &st) == 0);
        REPORT("  symlink across (allowed)", syscall(SYS_symlink, lk, to));
        REPORT("  open through it", fd = syscall(SYS_open, to, O_RDONLY));
        if (fd >= 0) close(fd);
        int zfd = open(other, O_RDONLY | O_DIRECTORY);
        struct open_how how = { .flags = O_RDONLY, .resolve = RESOLVE_NO_XDEV };
        REPORT("  openat2 RESOLVE_NO_XDEV through it", syscall(SYS_openat2, zfd, "moved", &how, sizeof how));
        how.resolve = RESOLVE_BENEATH;
        REPORT("  openat2 RESOLVE_BENEATH through it", syscall(SYS_openat2, zfd, "moved", &how, sizeof how));
        how.resolve = RESOLVE_NO_XDEV;
        REPORT("  openat2 RESOLVE_NO_XDEV plain", fd = syscall(SYS_openat2, zfd, "g", &how, sizeof how));
        if (fd >= 0) close(fd);
        close(zfd);
        MUST(nftw(other, rm_one, 16, FTW_DEPTH | FTW_PHYS));
    }

    MUST(chdir("/"));
    MUST(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS));
    FACT("cleaned up", stat(dir, &st) != 0);
    return 0;
}
