// syscalls: getdents64 mkdir mkdirat rmdir openat fstat newfstatat close
// expect: same
/* An empty directory lists only . and ..; a directory removed while open lists nothing and
 * refuses new entries; mkdir -p style creation: ENOENT for a missing parent, EEXIST on the way
 * back, ENOTDIR through a file. */
#include "fs2_util.h"
#include <dirent.h>

static void listing(const char *label, int fd) {
    char buf[4096];
    long got = syscall(SYS_getdents64, fd, buf, sizeof buf);
    if (got < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    printf("%s:", label);
    int n = 0;
    for (long off = 0; off < got;) {
        struct dirent64 *e = (struct dirent64 *)(buf + off);
        printf(" %s(%s)", e->d_name, e->d_type == DT_DIR ? "d" : "?");
        off += e->d_reclen;
        n++;
    }
    printf(" [%d]\n", n);
}

static int mkdir_p(const char *path) {
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *s = buf + 1; *s; s++) {
        if (*s != '/') continue;
        *s = 0;
        if (mkdir(buf, 0755) != 0 && errno != EEXIST) { printf("  mkdir %s: %s\n", buf, errname(errno)); return -1; }
        *s = '/';
    }
    return mkdir(buf, 0755);
}

int main(void) {
    enter_scratch("fs2-life");
    MUST(mkdir("empty", 0755));
    int fd = open("empty", O_RDONLY | O_DIRECTORY);
    MUST(fd);
    listing("empty dir", fd);
    listing("empty dir again (at end)", fd);
    struct stat st;
    MUST(fstat(fd, &st));
    printf("empty dir nlink: %ld\n", (long)st.st_nlink);
    close(fd);

    MUST(mkdir("doomed", 0755));
    MUST(close(open("doomed/f", O_CREAT | O_WRONLY, 0644)));
    fd = open("doomed", O_RDONLY | O_DIRECTORY);
    MUST(fd);
    MUST(unlink("doomed/f"));
    REPORT("rmdir while open", rmdir("doomed"));
    listing("removed dir listing", fd);
    MUST(fstat(fd, &st));
    printf("removed dir nlink: %ld\n", (long)st.st_nlink);
    REPORT("openat(removed, new, O_CREAT)", openat(fd, "new", O_CREAT | O_WRONLY, 0644));
    REPORT("mkdirat(removed, sub)", mkdirat(fd, "sub", 0755));
    REPORT("openat(removed, \".\")", openat(fd, ".", O_RDONLY));
    REPORT("openat(removed, \"..\")", openat(fd, "..", O_RDONLY));
    REPORT("fstatat(removed, \"..\")", fstatat(fd, "..", &st, 0));
    REPORT("fchdir(removed)", fchdir(fd));
    listing("listing after fchdir", fd);
    MUST(chdir(scratch));
    close(fd);

    REPORT("mkdir a/b/c (no parents)", mkdir("a/b/c", 0755));
    REPORT("mkdir -p a/b/c", mkdir_p("a/b/c"));
    REPORT("mkdir -p a/b/c again", mkdir_p("a/b/c"));
    FACT("a/b/c is a dir", stat("a/b/c", &st) == 0 && S_ISDIR(st.st_mode));
    MUST(stat("a", &st));
    printf("a nlink: %ld\n", (long)st.st_nlink);
    put("a/file", "x");
    REPORT("mkdir -p a/file/x", mkdir_p("a/file/x"));
    REPORT("mkdir a/file/x", mkdir("a/file/x", 0755));
    REPORT("mkdir a/b/c/ (exists, slash)", mkdir("a/b/c/", 0755));
    REPORT("mkdir a/b/../b", mkdir("a/b/../b", 0755));
    REPORT("mkdir a/b/c/../d", mkdir("a/b/c/../d", 0755));
    MUST(stat("a/b", &st));
    printf("a/b nlink: %ld\n", (long)st.st_nlink);
    REPORT("rmdir a/b (non-empty)", rmdir("a/b"));
    REPORT("rmdir a/b/c", rmdir("a/b/c"));
    REPORT("rmdir a/b/d", rmdir("a/b/d"));
    MUST(stat("a/b", &st));
    printf("a/b nlink after: %ld\n", (long)st.st_nlink);
    REPORT("rmdir a/b", rmdir("a/b"));
    REPORT("rmdir a/b again", rmdir("a/b"));
    leave_scratch();
    return 0;
}
