// syscalls: link linkat rename renameat2 unlink openat read write pread64 fstat newfstatat mkdir
// expect: same
/* Hard links and renames against open descriptors: a file with three names keeps nlink 3 when
 * one name is renamed (within a dir and into another), renaming one of its names onto another
 * is a no-op that keeps both; renaming a file over a name that is open leaves the open
 * descriptor on the old inode (nlink 0, old bytes) while the name shows the new file;
 * RENAME_EXCHANGE swaps which inode each open-by-name sees but not open descriptors;
 * RENAME_NOREPLACE refuses (EEXIST) and changes nothing; writes through a descriptor opened by an
 * old name reach the file under its new name. */
#include "fs2_util.h"

static long nl(const char *p) { struct stat st; return stat(p, &st) == 0 ? (long)st.st_nlink : -1; }
static long fnl(int fd) { struct stat st; return fstat(fd, &st) == 0 ? (long)st.st_nlink : -1; }

static void contents(const char *label, const char *p) {
    char b[64] = {0};
    int fd = open(p, O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, b, sizeof b - 1);
    if (fd >= 0) close(fd);
    printf("%s: %s\n", label, n < 0 ? errname(errno) : b);
}

static void fdcontents(const char *label, int fd) {
    char b[64] = {0};
    ssize_t n = pread(fd, b, sizeof b - 1, 0);
    printf("%s: %s\n", label, n < 0 ? errname(errno) : b);
}

int main(void) {
    enter_scratch("pf3-linkren");
    MUST(mkdir("d1", 0755));
    MUST(mkdir("d2", 0755));
    put("d1/a", "first");
    MUST(link("d1/a", "d1/b"));
    MUST(link("d1/a", "d2/c"));
    printf("three names: nlink %ld\n", nl("d1/a"));
    int fa = open("d1/a", O_RDWR);
    MUST(rename("d1/a", "d1/a2"));
    printf("after rename within d1: nlink %ld, fd nlink %ld, old name %s\n", nl("d1/a2"), fnl(fa), nl("d1/a") < 0 ? errname(errno) : "exists");
    MUST(rename("d1/b", "d2/b"));
    printf("after rename into d2: nlink %ld\n", nl("d2/b"));
    REPORT("rename a name onto another name of the same inode", rename("d1/a2", "d2/c"));
    printf("  both names still there: %s, nlink %ld\n", nl("d1/a2") > 0 && nl("d2/c") > 0 ? "yes" : "no", nl("d2/c"));
    MUST(write(fa, "+w", 2) == 2 ? 0 : -1);
    contents("write through the old name's fd shows under d2/b", "d2/b");

    put("victim", "old-victim");
    int fv = open("victim", O_RDONLY);
    put("replacement", "new-file");
    MUST(rename("replacement", "victim"));
    printf("renamed over an open file: open fd nlink %ld, name nlink %ld\n", fnl(fv), nl("victim"));
    fdcontents("  open fd reads", fv);
    contents("  name reads", "victim");
    struct stat s1, s2;
    fstat(fv, &s1); stat("victim", &s2);
    FACT("  fd and name are different inodes", s1.st_ino != s2.st_ino);

    /* a renamed-over target that has other links keeps them */
    put("keep", "kept-data");
    MUST(link("keep", "keep-link"));
    int fk = open("keep", O_RDONLY);
    put("over", "over-data");
    MUST(rename("over", "keep"));
    printf("renamed over one of two links: open fd nlink %ld, other link nlink %ld\n", fnl(fk), nl("keep-link"));
    contents("  other link reads", "keep-link");

    put("x", "X-data");
    put("y", "Y-data");
    int fx = open("x", O_RDONLY), fy = open("y", O_RDONLY);
    REPORT("RENAME_EXCHANGE x y", syscall(SYS_renameat2, AT_FDCWD, "x", AT_FDCWD, "y", 2 /* RENAME_EXCHANGE */));
    contents("  name x reads", "x");
    contents("  name y reads", "y");
    fdcontents("  fd opened as x reads", fx);
    fdcontents("  fd opened as y reads", fy);
    REPORT("RENAME_NOREPLACE x onto y", syscall(SYS_renameat2, AT_FDCWD, "x", AT_FDCWD, "y", 1 /* RENAME_NOREPLACE */));
    contents("  y unchanged", "y");
    REPORT("RENAME_NOREPLACE x onto a free name", syscall(SYS_renameat2, AT_FDCWD, "x", AT_FDCWD, "z", 1));
    contents("  z", "z");

    REPORT("link onto an existing name", link("z", "y"));
    REPORT("linkat a removed name", linkat(AT_FDCWD, "x", AT_FDCWD, "w", 0));
    unlink("d2/b");
    unlink("d2/c");
    printf("after unlinking two of three names: fd nlink %ld, d1/a2 nlink %ld\n", fnl(fa), nl("d1/a2"));
    unlink("d1/a2");
    printf("after unlinking the last: fd nlink %ld\n", fnl(fa));
    close(fa); close(fv); close(fk); close(fx); close(fy);
    leave_scratch();
    return 0;
}
