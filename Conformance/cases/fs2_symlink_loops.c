// syscalls: symlink symlinkat readlink readlinkat openat newfstatat chdir mkdir
// expect: same
/* Symlink resolution limits: a chain of 40 links resolves and 41 gives ELOOP, a self loop and a
 * two-link loop give ELOOP, O_NOFOLLOW on a link (ELOOP), trailing slash on a link to a dir (ok)
 * vs to a file (ENOTDIR), readlink of targets up to 4095 bytes, truncation by a small buffer,
 * readlink of a non-link (EINVAL), symlink targets too long (ENAMETOOLONG). */
#include "fs2_util.h"

static void chain(int n) {
    char a[32], b[32];
    for (int i = 1; i <= n; i++) {
        snprintf(a, sizeof a, "c%d", i);
        snprintf(b, sizeof b, "c%d", i - 1);
        unlink(a);
        MUST(symlink(b, a));
    }
}

int main(void) {
    enter_scratch("fs2-loops");
    put("c0", "end");
    chain(45);
    struct stat st;
    const int ns[] = { 1, 8, 39, 40, 41, 45 };
    for (int i = 0; i < 6; i++) {
        char p[32], l[64];
        snprintf(p, sizeof p, "c%d", ns[i]);
        snprintf(l, sizeof l, "stat chain of %d links", ns[i]);
        REPORT(l, stat(p, &st));
        snprintf(l, sizeof l, "open chain of %d links", ns[i]);
        OPEN(l, open(p, O_RDONLY));
        snprintf(l, sizeof l, "lstat chain of %d links", ns[i]);
        REPORT(l, lstat(p, &st));
    }
    MUST(symlink("self", "self"));
    REPORT("stat self loop", stat("self", &st));
    REPORT("open self loop O_CREAT", open("self", O_CREAT | O_WRONLY, 0644));
    MUST(symlink("pong", "ping"));
    MUST(symlink("ping", "pong"));
    REPORT("stat ping-pong", stat("ping", &st));
    REPORT("stat self/x", stat("self/x", &st));
    REPORT("open link O_NOFOLLOW", open("c1", O_RDONLY | O_NOFOLLOW));
    OPEN("open link O_NOFOLLOW|O_PATH", open("c1", O_PATH | O_NOFOLLOW));
    MUST(symlink("newfile", "dangle"));
    OPEN("open dangling link O_CREAT (creates target)", open("dangle", O_CREAT | O_WRONLY, 0644));
    FACT("  target created", lstat("newfile", &st) == 0);
    MUST(symlink("gone", "dangle2"));
    REPORT("open dangling link O_CREAT|O_EXCL", open("dangle2", O_CREAT | O_EXCL | O_WRONLY, 0644));
    MUST(mkdir("dir", 0755));
    MUST(symlink("dir", "ldir"));
    MUST(symlink("c0", "lfile"));
    REPORT("stat ldir/", stat("ldir/", &st));
    REPORT("lstat ldir/ (follows)", lstat("ldir/", &st));
    FACT("  lstat ldir/ is a dir", S_ISDIR(st.st_mode));
    REPORT("stat lfile/", stat("lfile/", &st));
    REPORT("lstat lfile/", lstat("lfile/", &st));
    REPORT("open ldir/ O_RDONLY", open("ldir/", O_RDONLY));
    REPORT("open lfile/ O_RDONLY", open("lfile/", O_RDONLY));
    REPORT("unlink ldir/", unlink("ldir/"));
    REPORT("rmdir ldir/", rmdir("ldir/"));
    REPORT("rmdir ldir", rmdir("ldir"));
    REPORT("chdir ldir/.", chdir("ldir/."));
    MUST(chdir(scratch));
    REPORT("mkdir through dangling with slash dangle2/", mkdir("dangle2/", 0755));
    /* readlink of long targets */
    char target[4200], buf[4200];
    const int lens[] = { 1, 255, 256, 1000, 4094, 4095 };
    for (int i = 0; i < 6; i++) {
        memset(target, 'x', lens[i]);
        for (int k = 100; k < lens[i]; k += 100) target[k] = '/';
        target[lens[i]] = 0;
        char name[32];
        snprintf(name, sizeof name, "long%d", lens[i]);
        long r = symlink(target, name);
        if (r) { printf("symlink target %d bytes: %s\n", lens[i], errname(errno)); continue; }
        long n = readlink(name, buf, sizeof buf);
        printf("symlink target %d bytes: readlink returns %ld, same: %s\n", lens[i], n,
               n == lens[i] && memcmp(buf, target, n) == 0 ? "yes" : "no");
        MUST(lstat(name, &st));
        printf("  lstat size: %ld\n", (long)st.st_size);
    }
    memset(target, 'y', 4096);
    target[4096] = 0;
    REPORT("symlink target 4096 bytes", symlink(target, "toolong"));
    REPORT("symlink empty target", symlink("", "empty"));
    memset(buf, 0, sizeof buf);
    VALUE("readlink with 5-byte buffer", readlink("long1000", buf, 5));
    printf("  no terminator written: %s\n", buf[5] == 0 ? "yes" : "no");
    VALUE("readlink with 0-byte buffer", readlink("long1000", buf, 0));
    VALUE("readlink of a file", readlink("c0", buf, sizeof buf));
    VALUE("readlink of a dir", readlink("dir", buf, sizeof buf));
    VALUE("readlink of ldir/ (trailing slash)", readlink("ldir/", buf, sizeof buf));
    VALUE("readlink missing", readlink("missing", buf, sizeof buf));
    VALUE("readlink \"\"", readlink("", buf, sizeof buf));
    int pfd = open("c1", O_PATH | O_NOFOLLOW);
    VALUE("readlinkat(O_PATH link fd, \"\")", readlinkat(pfd, "", buf, sizeof buf));
    close(pfd);
    leave_scratch();
    return 0;
}
