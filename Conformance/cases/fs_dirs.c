// syscalls: getdents64 getdents getcwd chdir fchdir mkdir mkdirat rmdir inotify_add_watch inotify_init1 inotify_rm_watch openat lseek close
// expect: same
/* Directories: creating and removing them (mkdir and rmdir raw), listing with getdents64 and
 * the old getdents (sorted by name, with d_type), readdir's seekdir/telldir/rewinddir, the
 * working directory (chdir, fchdir, getcwd, relative paths, `..` above /), and
 * inotify_add_watch on paths. Paths under the case's temp dir print as <dir>. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static char dir[] = "/tmp/conf-fsdirs-XXXXXX";

static int rm_one(const char *p, const struct stat *s, int t, struct FTW *f) {
    (void)s; (void)t; (void)f;
    return remove(p);
}

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

static char dtype(unsigned char t) {
    return t == DT_DIR ? 'd' : t == DT_REG ? 'f' : t == DT_LNK ? 'l' : t == DT_FIFO ? 'p' : t == DT_UNKNOWN ? '?' : 'o';
}

/* Print the names a raw getdents64 (or getdents) loop returns, sorted. */
static void list_raw(const char *label, const char *path, int old, size_t bufsize) {
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0) { printf("%s: open %s\n", label, errname(errno)); return; }
    char *buf = malloc(bufsize);
    char *names[512];
    int n = 0, calls = 0;
    for (;;) {
        long got = syscall(old ? SYS_getdents : SYS_getdents64, fd, buf, bufsize);
        if (got < 0) { printf("%s: %s\n", label, errname(errno)); break; }
        if (got == 0) break;
        calls++;
        for (long off = 0; off < got;) {
            const char *name;
            unsigned char t;
            unsigned short reclen;
            if (old) {
                /* struct linux_dirent: ino, off, reclen, name..., d_type in the last byte */
                reclen = *(unsigned short *)(buf + off + 16);
                name = buf + off + 18;
                t = buf[off + reclen - 1];
            } else {
                struct dirent64 *d = (struct dirent64 *)(buf + off);
                reclen = d->d_reclen;
                name = d->d_name;
                t = d->d_type;
            }
            if (n < 512 && asprintf(&names[n], "%s(%c)", name, dtype(t)) > 0) n++;
            off += reclen;
        }
    }
    close(fd);
    free(buf);
    qsort(names, n, sizeof names[0], cmp);
    printf("%s: %d entries, more than one call: %s\n ", label, n, calls > 1 ? "yes" : "no");
    for (int i = 0; i < n; i++)
        if (n <= 20 || i < 3 || i >= n - 2) printf(" %s", names[i]);
    for (int i = 0; i < n; i++) free(names[i]);
    printf("\n");
}

static void cwd(const char *label) {
    char buf[4096];
    long r = syscall(SYS_getcwd, buf, sizeof buf);
    if (r < 0) { printf("%s: getcwd %s\n", label, errname(errno)); return; }
    size_t n = strlen(dir);
    const char *ret = r == (long)strlen(buf) + 1 ? "returns strlen+1" : "returns something else";
    if (strncmp(buf, dir, n) == 0) printf("%s: <dir>%s (%s)\n", label, buf + n, ret);
    else printf("%s: %s (%s)\n", label, buf, ret);
}

static void events(int ifd) {
    char buf[4096] __attribute__((aligned(8)));
    ssize_t n = read(ifd, buf, sizeof buf);
    if (n < 0) { printf("  events: %s\n", errname(errno)); return; }
    for (char *p = buf; p < buf + n;) {
        struct inotify_event *e = (struct inotify_event *)p;
        printf("  event:");
        if (e->mask & IN_CREATE) printf(" CREATE");
        if (e->mask & IN_DELETE) printf(" DELETE");
        if (e->mask & IN_MOVED_FROM) printf(" MOVED_FROM");
        if (e->mask & IN_MOVED_TO) printf(" MOVED_TO");
        if (e->mask & IN_ATTRIB) printf(" ATTRIB");
        if (e->mask & IN_DELETE_SELF) printf(" DELETE_SELF");
        if (e->mask & IN_IGNORED) printf(" IGNORED");
        if (e->mask & IN_ISDIR) printf(" ISDIR");
        printf(" %s\n", e->len ? e->name : "-");
        p += sizeof *e + e->len;
    }
}

int main(void) {
    umask(022);
    if (!mkdtemp(dir)) { printf("mkdtemp: %s\n", errname(errno)); return 1; }
    struct stat st;
    char p[512];

    /* mkdir / mkdirat */
    MUST(chdir(dir));
    REPORT("mkdir a 0777", syscall(SYS_mkdir, "a", 0777));
    MUST(stat("a", &st));
    printf("mode under umask 022: %o\n", st.st_mode & 07777);
    REPORT("mkdir s 01777", syscall(SYS_mkdir, "s", 01777));
    MUST(stat("s", &st));
    printf("sticky mode kept: %o\n", st.st_mode & 07777);
    REPORT("mkdir a again", syscall(SYS_mkdir, "a", 0755));
    REPORT("mkdir b/ (trailing slash)", syscall(SYS_mkdir, "b/", 0755));
    REPORT("mkdir b//c//", syscall(SYS_mkdir, "b//c//", 0755));
    REPORT("mkdir missing/x", syscall(SYS_mkdir, "missing/x", 0755));
    REPORT("mkdir .", syscall(SYS_mkdir, ".", 0755));
    REPORT("mkdir ..", syscall(SYS_mkdir, "..", 0755));
    REPORT("mkdir /", syscall(SYS_mkdir, "/", 0755));
    REPORT("mkdir \"\"", syscall(SYS_mkdir, "", 0755));
    REPORT("mkdir a/.", syscall(SYS_mkdir, "a/.", 0755));
    int fd = open("file", O_CREAT | O_WRONLY, 0644);
    MUST(fd);
    close(fd);
    REPORT("mkdir over a file", syscall(SYS_mkdir, "file", 0755));
    REPORT("mkdir file/x", syscall(SYS_mkdir, "file/x", 0755));
    MUST(symlink("nowhere", "dangling"));
    REPORT("mkdir on a dangling symlink", syscall(SYS_mkdir, "dangling", 0755));
    FACT("  target not created", lstat("nowhere", &st) != 0);
    int afd = open("a", O_RDONLY | O_DIRECTORY);
    MUST(afd);
    REPORT("mkdirat(a, x)", mkdirat(afd, "x", 0700));
    FACT("  a/x exists", stat("a/x", &st) == 0 && S_ISDIR(st.st_mode));
    REPORT("mkdirat(a, ../y)", mkdirat(afd, "../y", 0700));
    REPORT("mkdirat(a, absolute)", mkdirat(afd, "/tmp", 0700));
    REPORT("mkdirat(file fd, x)", mkdirat(fd = open("file", O_RDONLY), "x", 0700));
    close(fd);
    REPORT("mkdirat(-1, x)", mkdirat(-1, "x", 0700));

    /* listing */
    MUST(mkfifo("a/pipe", 0600));
    MUST(symlink("../file", "a/link"));
    MUST(close(open("a/reg", O_CREAT | O_WRONLY, 0600)));
    MUST(mkdir("a/x/deep", 0700));
    list_raw("getdents64 a", "a", 0, 4096);
    list_raw("getdents a", "a", 1, 4096);
    list_raw("getdents64 b (one subdir)", "b", 0, 4096);
    MUST(mkdir("many", 0755));
    for (int i = 0; i < 300; i++) {
        snprintf(p, sizeof p, "many/entry-with-a-longish-name-%03d", i);
        MUST(close(open(p, O_CREAT | O_WRONLY, 0600)));
    }
    list_raw("getdents64 300 files, 1 KiB buffer", "many", 0, 1024);
    list_raw("getdents 300 files, 1 KiB buffer", "many", 1, 1024);
    {
        int dfd = open("a", O_RDONLY | O_DIRECTORY);
        char small[8];
        REPORT("getdents64 buffer too small", syscall(SYS_getdents64, dfd, small, sizeof small));
        REPORT("getdents buffer too small", syscall(SYS_getdents, dfd, small, sizeof small));
        REPORT("getdents64 bad buffer", syscall(SYS_getdents64, dfd, (void *)1, 4096));
        char buf[4096];
        long first = syscall(SYS_getdents64, dfd, buf, sizeof buf);
        long again = syscall(SYS_getdents64, dfd, buf, sizeof buf);
        printf("getdents64 at end returns 0: %s\n", first > 0 && again == 0 ? "yes" : "no");
        REPORT("lseek dir to 0", lseek(dfd, 0, SEEK_SET));
        long third = syscall(SYS_getdents64, dfd, buf, sizeof buf);
        FACT("after rewind the same bytes count", third == first);
        close(dfd);
        int ffd = open("file", O_RDONLY);
        REPORT("getdents64 on a file", syscall(SYS_getdents64, ffd, buf, sizeof buf));
        REPORT("getdents on a file", syscall(SYS_getdents, ffd, buf, sizeof buf));
        close(ffd);
        REPORT("getdents64 bad fd", syscall(SYS_getdents64, 9999, buf, sizeof buf));
        int pfd = open("a", O_PATH | O_DIRECTORY);
        REPORT("getdents64 on O_PATH dir fd", syscall(SYS_getdents64, pfd, buf, sizeof buf));
        close(pfd);
        MUST(mkdir("gone", 0700));
        dfd = open("gone", O_RDONLY | O_DIRECTORY);
        MUST(rmdir("gone"));
        REPORT("getdents64 on a removed dir", syscall(SYS_getdents64, dfd, buf, sizeof buf));
        close(dfd);
    }

    /* readdir positions */
    {
        DIR *d = opendir("many");
        int total = 0;
        while (readdir(d)) total++;
        rewinddir(d);
        int again = 0;
        while (readdir(d)) again++;
        printf("readdir: %d entries, after rewinddir: %d\n", total, again);
        rewinddir(d);
        for (int i = 0; i < 100; i++) readdir(d);
        long pos = telldir(d);
        char want[300];
        struct dirent *e = readdir(d);
        snprintf(want, sizeof want, "%s", e ? e->d_name : "(end)");
        int rest = 1;
        while (readdir(d)) rest++;
        seekdir(d, pos);
        e = readdir(d);
        FACT("seekdir(telldir) returns to the same entry", e && strcmp(e->d_name, want) == 0);
        int rest2 = 1;
        while (readdir(d)) rest2++;
        printf("entries after position 100: %d, again after seekdir: %d\n", rest, rest2);
        closedir(d);
    }

    /* working directory */
    cwd("getcwd in dir");
    REPORT("chdir a", syscall(SYS_chdir, "a"));
    cwd("getcwd");
    REPORT("open ../file relative to cwd", fd = open("../file", O_RDONLY));
    close(fd);
    REPORT("chdir x/deep", syscall(SYS_chdir, "x/deep"));
    cwd("getcwd");
    REPORT("chdir ../..", syscall(SYS_chdir, "../.."));
    cwd("getcwd");
    MUST(symlink("a/x", "../lx"));
    REPORT("chdir through symlink ../lx", syscall(SYS_chdir, "../lx"));
    cwd("getcwd is physical");
    REPORT("chdir ..", syscall(SYS_chdir, ".."));
    cwd("getcwd after .. from a symlinked dir");
    REPORT("chdir /", syscall(SYS_chdir, "/"));
    cwd("getcwd");
    REPORT("chdir ..", syscall(SYS_chdir, ".."));
    cwd("getcwd .. above /");
    REPORT("chdir ../../..", syscall(SYS_chdir, "../../.."));
    cwd("getcwd");
    snprintf(p, sizeof p, "/../../..%s/a/../b/./c", dir);
    REPORT("chdir /../../<dir>/a/../b/./c", syscall(SYS_chdir, p));
    cwd("getcwd");
    REPORT("chdir missing", syscall(SYS_chdir, "missing"));
    snprintf(p, sizeof p, "%s/file", dir);
    REPORT("chdir to a file", syscall(SYS_chdir, p));
    snprintf(p, sizeof p, "%s/dangling", dir);
    REPORT("chdir to a dangling symlink", syscall(SYS_chdir, p));
    REPORT("chdir \"\"", syscall(SYS_chdir, ""));
    REPORT("chdir NULL", syscall(SYS_chdir, NULL));
    cwd("getcwd unchanged by failures");
    REPORT("fchdir(a fd)", fchdir(afd));
    cwd("getcwd");
    int opath = open("../b", O_PATH | O_DIRECTORY);
    REPORT("fchdir(O_PATH dir fd)", fchdir(opath));
    cwd("getcwd");
    close(opath);
    fd = open("../file", O_RDONLY);
    REPORT("fchdir(file fd)", fchdir(fd));
    close(fd);
    REPORT("fchdir(bad fd)", fchdir(9999));
    REPORT("fchdir(-1)", fchdir(-1));
    cwd("getcwd");
    {
        char small[4];
        REPORT("getcwd size 4", syscall(SYS_getcwd, small, sizeof small));
        REPORT("getcwd size 0", syscall(SYS_getcwd, small, 0));
        REPORT("getcwd NULL", syscall(SYS_getcwd, NULL, 4096));
        char exact[512];
        size_t need = strlen(dir) + strlen("/b") + 1;
        REPORT("getcwd exact size", syscall(SYS_getcwd, exact, need));
        REPORT("getcwd one byte short", syscall(SYS_getcwd, exact, need - 1));
    }
    MUST(chdir(dir));
    MUST(mkdir("doomed", 0700));
    MUST(chdir("doomed"));
    REPORT("rmdir the cwd by absolute path", syscall(SYS_rmdir, ({ snprintf(p, sizeof p, "%s/doomed", dir); p; })));
    cwd("getcwd in a removed dir");
    REPORT("open . in a removed dir", fd = open(".", O_RDONLY));
    if (fd >= 0) close(fd);
    REPORT("create in a removed dir", open("x", O_CREAT | O_WRONLY, 0600));
    REPORT("chdir .. from a removed dir", syscall(SYS_chdir, ".."));
    cwd("getcwd");

    /* rmdir */
    REPORT("rmdir non-empty a", syscall(SYS_rmdir, "a"));
    REPORT("rmdir a file", syscall(SYS_rmdir, "file"));
    REPORT("rmdir missing", syscall(SYS_rmdir, "missing"));
    REPORT("rmdir .", syscall(SYS_rmdir, "."));
    REPORT("rmdir ..", syscall(SYS_rmdir, ".."));
    REPORT("rmdir b/c/.", syscall(SYS_rmdir, "b/c/."));
    REPORT("rmdir b/c/..", syscall(SYS_rmdir, "b/c/.."));
    REPORT("rmdir symlink to a dir", syscall(SYS_rmdir, "lx"));
    REPORT("rmdir file/x", syscall(SYS_rmdir, "file/x"));
    REPORT("rmdir \"\"", syscall(SYS_rmdir, ""));
    REPORT("rmdir /", syscall(SYS_rmdir, "/"));
    REPORT("rmdir b/c/ (trailing slash)", syscall(SYS_rmdir, "b/c/"));
    REPORT("rmdir b", syscall(SYS_rmdir, "b"));
    FACT("b is gone", lstat("b", &st) != 0);

    /* inotify_add_watch */
    int ifd = inotify_init1(IN_NONBLOCK);
    MUST(ifd);
    int wd = inotify_add_watch(ifd, "s", IN_CREATE | IN_DELETE | IN_MOVE | IN_DELETE_SELF);
    printf("inotify_add_watch s: %s\n", wd >= 0 ? "ok" : errname(errno));
    MUST(close(open("s/new", O_CREAT | O_WRONLY, 0600)));
    MUST(mkdir("s/sub", 0700));
    MUST(rename("s/new", "s/renamed"));
    MUST(unlink("s/renamed"));
    events(ifd);
    MUST(symlink("s", "ls"));
    int wd2 = inotify_add_watch(ifd, "ls", IN_CREATE);
    FACT("watching through a symlink gives the same wd", wd2 == wd);
    int wd3 = inotify_add_watch(ifd, "ls", IN_CREATE | IN_DONT_FOLLOW);
    FACT("IN_DONT_FOLLOW watches the link itself (new wd)", wd3 >= 0 && wd3 != wd);
    REPORT("inotify_add_watch missing", inotify_add_watch(ifd, "missing", IN_CREATE));
    REPORT("inotify_add_watch IN_ONLYDIR on a file", inotify_add_watch(ifd, "file", IN_CREATE | IN_ONLYDIR));
    REPORT("inotify_add_watch IN_ONLYDIR on a dir", inotify_add_watch(ifd, "a", IN_CREATE | IN_ONLYDIR));
    REPORT("inotify_add_watch dangling", inotify_add_watch(ifd, "dangling", IN_CREATE));
    REPORT("inotify_add_watch file/x", inotify_add_watch(ifd, "file/x", IN_CREATE));
    REPORT("inotify_add_watch \"\"", inotify_add_watch(ifd, "", IN_CREATE));
    REPORT("inotify_add_watch mask 0", inotify_add_watch(ifd, "a", 0));
    REPORT("inotify_add_watch IN_MASK_ADD|IN_MASK_CREATE", inotify_add_watch(ifd, "a", IN_CREATE | IN_MASK_ADD | IN_MASK_CREATE));
    REPORT("inotify_add_watch IN_MASK_CREATE on a watched path", inotify_add_watch(ifd, "s", IN_CREATE | IN_MASK_CREATE));
    REPORT("inotify_add_watch bad fd", inotify_add_watch(9999, "a", IN_CREATE));
    REPORT("inotify_add_watch non-inotify fd", inotify_add_watch(afd, "a", IN_CREATE));
    REPORT("inotify_add_watch NULL path", syscall(SYS_inotify_add_watch, ifd, NULL, IN_CREATE));
    MUST(rmdir("s/sub"));
    MUST(unlink("ls"));
    MUST(rmdir("s"));
    events(ifd);
    REPORT("inotify_rm_watch after the dir is gone", inotify_rm_watch(ifd, wd));
    close(ifd);
    close(afd);

    MUST(chdir("/"));
    MUST(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS));
    FACT("cleaned up", stat(dir, &st) != 0);
    return 0;
}
