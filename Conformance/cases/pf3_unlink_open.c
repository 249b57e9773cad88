// syscalls: unlink rmdir openat read write pread64 ftruncate fstat newfstatat readlink linkat getdents64 mkdir fchdir
// expect: same
/* A file unlinked while open: fstat nlink 0, the data stays readable and writable, ftruncate
 * works, /proc/self/fd/N reads "<path> (deleted)" (also for a name with a space, and the name
 * reused by a new file is a different inode, its own link without the suffix), reopening through
 * /proc/self/fd works, but linkat through /proc/self/fd cannot bring an unlinked (non-O_TMPFILE)
 * file back (ENOENT). A directory removed while open: its fd link ends " (deleted)", fstat
 * nlink 0, listing it is empty, creating in it is ENOENT. */
#include "fs2_util.h"
#include <dirent.h>

static void fdlink(const char *label, int fd) {
    char p[64], l[512];
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(p, l, sizeof l - 1);
    if (n < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    l[n] = 0;
    size_t sl = strlen(scratch);
    if (!strncmp(l, scratch, sl)) printf("%s: <scratch>%s\n", label, l + sl);
    else printf("%s: %s\n", label, l);
}

int main(void) {
    enter_scratch("pf3-unlinkopen");
    put("file", "some data");
    int fd = open("file", O_RDWR);
    MUST(fd);
    fdlink("fd link before unlink", fd);
    MUST(unlink("file"));
    struct stat st;
    fstat(fd, &st);
    printf("after unlink: fstat nlink %ld, size %ld\n", (long)st.st_nlink, (long)st.st_size);
    fdlink("fd link after unlink", fd);
    char b[64] = {0};
    printf("pread: %zd '%s'\n", pread(fd, b, sizeof b - 1, 0), b);
    printf("write more: %zd\n", pwrite(fd, " and more", 9, 9));
    REPORT("ftruncate to 4", ftruncate(fd, 4));
    fstat(fd, &st);
    printf("size now %ld\n", (long)st.st_size);
    char p[64];
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    int again = open(p, O_RDONLY);
    memset(b, 0, sizeof b);
    printf("reopen via /proc/self/fd: %s, reads '%s'\n", again < 0 ? errname(errno) : "ok", again < 0 ? "" : (read(again, b, 63), b));
    REPORT("linkat via /proc/self/fd (AT_SYMLINK_FOLLOW) of an unlinked file", linkat(AT_FDCWD, p, AT_FDCWD, "revived", AT_SYMLINK_FOLLOW));
    REPORT("linkat AT_EMPTY_PATH of an unlinked file", linkat(fd, "", AT_FDCWD, "revived", AT_EMPTY_PATH));
    REPORT("stat revived", stat("revived", &st));
    put("file", "new one");
    struct stat fresh;
    stat("file", &fresh);
    fstat(fd, &st);
    FACT("the name reused is another inode", fresh.st_ino != st.st_ino);
    fdlink("old fd link with the name reused", fd);
    int nf = open("file", O_RDONLY);
    fdlink("new file's fd link", nf);
    close(nf);

    put("with space", "x");
    int sp = open("with space", O_RDONLY);
    unlink("with space");
    fdlink("unlinked name with a space", sp);
    close(sp);

    /* hard-linked: unlinking one name is not "deleted" */
    put("h1", "x");
    link("h1", "h2");
    int h = open("h1", O_RDONLY);
    unlink("h1");
    fstat(h, &st);
    printf("one of two links removed: nlink %ld\n", (long)st.st_nlink);
    fdlink("  its fd link", h);
    close(h);

    MUST(mkdir("dir", 0755));
    int d = open("dir", O_RDONLY | O_DIRECTORY);
    MUST(rmdir("dir"));
    fstat(d, &st);
    printf("removed directory: fstat nlink %ld\n", (long)st.st_nlink);
    fdlink("removed directory fd link", d);
    DIR *dd = fdopendir(dup(d));
    int entries = 0;
    struct dirent *e;
    while (dd && (e = readdir(dd))) entries++;
    printf("listing the removed directory: %d entries\n", entries);
    REPORT("openat(removed dir, new, O_CREAT)", openat(d, "new", O_CREAT | O_WRONLY, 0644));
    REPORT("mkdirat(removed dir, sub)", mkdirat(d, "sub", 0755));
    close(fd); close(again); close(d);
    leave_scratch();
    return 0;
}
