// syscalls: setxattr lsetxattr fsetxattr getxattr lgetxattr fgetxattr listxattr llistxattr flistxattr removexattr lremovexattr fremovexattr openat close
// expect: same
/* Extended attributes in the user.* namespace on files under /tmp: set/get/list/remove by
 * path, by path without following symlinks, and by descriptor; flags, sizes and errors.
 * Lists are sorted before printing (their order is the filesystem's). */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>

static int rm_one(const char *p, const struct stat *s, int t, struct FTW *f) {
    (void)s; (void)t; (void)f;
    return remove(p);
}

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

/* Print a list's user.* names sorted (other namespaces may hold filesystem-specific names). */
static void names(const char *label, ssize_t n, const char *buf) {
    if (n < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    const char *v[64];
    int k = 0;
    for (const char *p = buf; p < buf + n && k < 64; p += strlen(p) + 1)
        if (strncmp(p, "user.", 5) == 0) v[k++] = p;
    qsort(v, k, sizeof v[0], cmp);
    printf("%s:", label);
    for (int i = 0; i < k; i++) {
        if (strlen(v[i]) > 40) printf(" <%zu-byte name>", strlen(v[i]));
        else printf(" %s", v[i]);
    }
    printf("%s\n", k ? "" : " (no user.* names)");
}

static void value(const char *label, ssize_t n, const char *buf) {
    if (n < 0) printf("%s: %s\n", label, errname(errno));
    else printf("%s: %zd \"%.*s\"\n", label, n, (int)n, buf);
}

int main(void) {
    char dir[] = "/tmp/conf-fsxattr-XXXXXX";
    if (!mkdtemp(dir)) { printf("mkdtemp: %s\n", errname(errno)); return 1; }
    MUST(chdir(dir));
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    MUST(fd);
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    MUST(symlink("nowhere", "dangling"));
    char buf[1024];
    struct stat st;

    int r = setxattr("f", "user.probe", "1", 1, 0);
    printf("user xattrs on /tmp: %s\n", r == 0 ? "supported" : errname(errno));

    /* by path */
    REPORT("setxattr user.color=blue", setxattr("f", "user.color", "blue", 4, 0));
    REPORT("setxattr XATTR_CREATE existing", setxattr("f", "user.color", "red", 3, XATTR_CREATE));
    REPORT("setxattr XATTR_REPLACE missing", setxattr("f", "user.shape", "round", 5, XATTR_REPLACE));
    REPORT("setxattr XATTR_REPLACE existing", setxattr("f", "user.color", "green", 5, XATTR_REPLACE));
    REPORT("setxattr XATTR_CREATE new", setxattr("f", "user.shape", "round", 5, XATTR_CREATE));
    REPORT("setxattr XATTR_CREATE|XATTR_REPLACE", setxattr("f", "user.x", "1", 1, XATTR_CREATE | XATTR_REPLACE));
    REPORT("setxattr bad flags", setxattr("f", "user.x", "1", 1, 0x100));
    REPORT("setxattr empty value", setxattr("f", "user.empty", "", 0, 0));
    REPORT("setxattr binary value", setxattr("f", "user.bin", "a\0b", 3, 0));
    REPORT("setxattr no namespace", setxattr("f", "color", "x", 1, 0));
    REPORT("setxattr unknown namespace", setxattr("f", "bogus.color", "x", 1, 0));
    REPORT("setxattr name \"user.\"", setxattr("f", "user.", "x", 1, 0));
    REPORT("setxattr empty name", setxattr("f", "", "x", 1, 0));
    char longname[300];
    memset(longname, 'n', sizeof longname);
    memcpy(longname, "user.", 5);
    longname[255] = 0;
    REPORT("setxattr 255-byte name", setxattr("f", longname, "x", 1, 0));
    longname[255] = 'n';
    longname[256] = 0;
    REPORT("setxattr 256-byte name", setxattr("f", longname, "x", 1, 0));
    longname[255] = 0;
    static char big[65537];
    REPORT("setxattr value > 64 KiB", setxattr("f", "user.big", big, sizeof big, 0));
    REPORT("setxattr bad value pointer", setxattr("f", "user.x", (void *)1, 8, 0));
    REPORT("setxattr through symlink", setxattr("lf", "user.via", "link", 4, 0));
    REPORT("setxattr on a dir", setxattr("d", "user.dir", "yes", 3, 0));
    REPORT("setxattr missing", setxattr("missing", "user.x", "1", 1, 0));
    REPORT("setxattr dangling", setxattr("dangling", "user.x", "1", 1, 0));
    REPORT("setxattr f/x", setxattr("f/x", "user.x", "1", 1, 0));
    REPORT("setxattr \"\"", setxattr("", "user.x", "1", 1, 0));

    value("getxattr user.color", getxattr("f", "user.color", buf, sizeof buf), buf);
    value("getxattr size query", getxattr("f", "user.color", NULL, 0), buf);
    value("getxattr buffer too small", getxattr("f", "user.color", buf, 2), buf);
    value("getxattr empty value", getxattr("f", "user.empty", buf, sizeof buf), buf);
    ssize_t n = getxattr("f", "user.bin", buf, sizeof buf);
    printf("getxattr binary: %zd %s\n", n, n == 3 && memcmp(buf, "a\0b", 3) == 0 ? "intact" : "mangled");
    value("getxattr 255-byte name", getxattr("f", longname, buf, sizeof buf), buf);
    value("getxattr missing name", getxattr("f", "user.nope", buf, sizeof buf), buf);
    value("getxattr no namespace", getxattr("f", "color", buf, sizeof buf), buf);
    value("getxattr through symlink", getxattr("lf", "user.via", buf, sizeof buf), buf);
    value("getxattr on a dir", getxattr("d", "user.dir", buf, sizeof buf), buf);
    value("getxattr missing file", getxattr("missing", "user.x", buf, sizeof buf), buf);
    value("getxattr bad buffer", getxattr("f", "user.color", (void *)1, 64), buf);

    n = listxattr("f", buf, sizeof buf);
    names("listxattr f", n, buf);
    ssize_t need = listxattr("f", NULL, 0);
    FACT("listxattr size query matches", need == n);
    n = listxattr("f", buf, 3);
    printf("listxattr buffer too small: %s\n", n < 0 ? errname(errno) : "ok");
    n = listxattr("lf", buf, sizeof buf);
    names("listxattr through symlink", n, buf);
    n = listxattr("d", buf, sizeof buf);
    names("listxattr d", n, buf);
    n = listxattr("missing", buf, sizeof buf);
    names("listxattr missing", n, buf);
    n = listxattr("f", (void *)1, sizeof buf);
    names("listxattr bad buffer", n, buf);

    REPORT("removexattr user.shape", removexattr("f", "user.shape"));
    REPORT("removexattr again", removexattr("f", "user.shape"));
    REPORT("removexattr no namespace", removexattr("f", "shape"));
    REPORT("removexattr through symlink", removexattr("lf", "user.via"));
    REPORT("removexattr missing file", removexattr("missing", "user.x"));
    value("getxattr after remove", getxattr("f", "user.shape", buf, sizeof buf), buf);

    /* l* variants: act on the link itself; user.* is not allowed on symlinks */
    REPORT("lsetxattr on a symlink", lsetxattr("lf", "user.l", "x", 1, 0));
    REPORT("lsetxattr on a file", lsetxattr("f", "user.l", "file", 4, 0));
    REPORT("lsetxattr on a dangling symlink", lsetxattr("dangling", "user.l", "x", 1, 0));
    value("lgetxattr on a symlink", lgetxattr("lf", "user.color", buf, sizeof buf), buf);
    value("lgetxattr on a file", lgetxattr("f", "user.l", buf, sizeof buf), buf);
    value("lgetxattr dangling", lgetxattr("dangling", "user.l", buf, sizeof buf), buf);
    n = llistxattr("lf", buf, sizeof buf);
    names("llistxattr on a symlink", n, buf);
    n = llistxattr("f", buf, sizeof buf);
    names("llistxattr on a file", n, buf);
    n = llistxattr("dangling", buf, sizeof buf);
    names("llistxattr dangling", n, buf);
    REPORT("lremovexattr on a symlink", lremovexattr("lf", "user.color"));
    REPORT("lremovexattr on a file", lremovexattr("f", "user.l"));
    REPORT("lremovexattr missing", lremovexattr("missing", "user.l"));

    /* f* variants */
    REPORT("fsetxattr", fsetxattr(fd, "user.byfd", "fd", 2, 0));
    value("fgetxattr", fgetxattr(fd, "user.byfd", buf, sizeof buf), buf);
    value("fgetxattr missing name", fgetxattr(fd, "user.nope", buf, sizeof buf), buf);
    n = flistxattr(fd, buf, sizeof buf);
    names("flistxattr", n, buf);
    REPORT("fremovexattr", fremovexattr(fd, "user.byfd"));
    REPORT("fremovexattr again", fremovexattr(fd, "user.byfd"));
    int rfd = open("f", O_RDONLY);
    REPORT("fsetxattr on O_RDONLY fd", fsetxattr(rfd, "user.ro", "1", 1, 0));
    REPORT("fremovexattr on O_RDONLY fd", fremovexattr(rfd, "user.ro"));
    close(rfd);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    value("fgetxattr on a dir fd", fgetxattr(dfd, "user.dir", buf, sizeof buf), buf);
    close(dfd);
    REPORT("fsetxattr bad fd", fsetxattr(9999, "user.x", "1", 1, 0));
    value("fgetxattr bad fd", fgetxattr(9999, "user.x", buf, sizeof buf), buf);
    n = flistxattr(9999, buf, sizeof buf);
    names("flistxattr bad fd", n, buf);
    REPORT("fremovexattr bad fd", fremovexattr(9999, "user.x"));
    int pfd[2];
    MUST(pipe(pfd));
    REPORT("fsetxattr on a pipe", fsetxattr(pfd[0], "user.x", "1", 1, 0));
    close(pfd[0]);
    close(pfd[1]);

    n = listxattr("f", buf, sizeof buf);
    names("final listxattr f", n, buf);

    close(fd);
    MUST(chdir("/"));
    MUST(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS));
    FACT("cleaned up", stat(dir, &st) != 0);
    return 0;
}
