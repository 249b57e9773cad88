// syscalls: openat linkat readlink fstat newfstatat write pread64 fchmod getdents64 unlink umask
// expect: same
/* O_TMPFILE names and links, as uid 1000: /proc/self/fd/N of an unnamed file reads
 * "<dir>/#<ino> (deleted)" (the number is its st_ino); the file takes the mode asked for less the
 * umask; linkat through /proc/self/fd with AT_SYMLINK_FOLLOW names it (nlink 1, the directory
 * lists it, the fd's link keeps the "#<ino> (deleted)" name), a second linkat gives nlink 2;
 * unlinking both names leaves it open with nlink 0, and then it cannot be linked again (ENOENT:
 * only a never-linked O_TMPFILE is linkable); linkat without AT_SYMLINK_FOLLOW (EXDEV: the magic
 * link is on /proc); O_TMPFILE|O_EXCL cannot be linked (ENOENT); fchmod of the open file. */
#include "fs2_util.h"
#include <dirent.h>

static void fdlink(const char *label, int fd) {
    char p[64], l[512];
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(p, l, sizeof l - 1);
    if (n < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    l[n] = 0;
    size_t sl = strlen(scratch);
    char *rest = !strncmp(l, scratch, sl) ? l + sl : l;
    struct stat st;
    fstat(fd, &st);
    char num[32];
    snprintf(num, sizeof num, "/#%lu", (unsigned long)st.st_ino);
    size_t nl = strlen(num);
    if (!strncmp(rest, num, nl)) printf("%s: <scratch>/#<st_ino>%s\n", label, rest + nl);
    else printf("%s: <scratch>%s\n", label, rest);
}

static int listed(const char *name) {
    DIR *d = opendir(".");
    struct dirent *e;
    int found = 0;
    while (d && (e = readdir(d))) found |= !strcmp(e->d_name, name);
    if (d) closedir(d);
    return found;
}

static long fnl(int fd) { struct stat st; return fstat(fd, &st) == 0 ? (long)st.st_nlink : -1; }

int main(void) {
    enter_scratch("pf3-tmpnames");
    drop_to_user();
    umask(027);
    int t = open(".", O_TMPFILE | O_RDWR, 0666);
    if (t < 0) { printf("O_TMPFILE: %s\n", errname(errno)); leave_scratch(); return 0; }
    struct stat st;
    fstat(t, &st);
    printf("O_TMPFILE 0666 under umask 027: mode %o, nlink %ld\n", st.st_mode & 07777, (long)st.st_nlink);
    fdlink("unnamed file's fd link", t);
    MUST(write(t, "tmpdata", 7));
    char p[64];
    snprintf(p, sizeof p, "/proc/self/fd/%d", t);
    REPORT("linkat /proc/self/fd/N -> one (AT_SYMLINK_FOLLOW)", linkat(AT_FDCWD, p, AT_FDCWD, "one", AT_SYMLINK_FOLLOW));
    printf("  nlink %ld, listed %s\n", fnl(t), listed("one") ? "yes" : "no");
    fdlink("  fd link now", t);
    REPORT("linkat again -> two", linkat(AT_FDCWD, p, AT_FDCWD, "two", AT_SYMLINK_FOLLOW));
    printf("  nlink %ld\n", fnl(t));
    REPORT("linkat onto an existing name", linkat(AT_FDCWD, p, AT_FDCWD, "one", AT_SYMLINK_FOLLOW));
    struct stat a, b;
    FACT("one and two are the open file", stat("one", &a) == 0 && stat("two", &b) == 0 && a.st_ino == st.st_ino && b.st_ino == st.st_ino);
    MUST(unlink("one"));
    MUST(unlink("two"));
    printf("both names unlinked: nlink %ld\n", fnl(t));
    fdlink("  fd link", t);
    REPORT("linkat once more -> three", linkat(AT_FDCWD, p, AT_FDCWD, "three", AT_SYMLINK_FOLLOW));
    char buf[16] = {0};
    printf("  data still readable: '%s'\n", pread(t, buf, 15, 0) < 0 ? errname(errno) : buf);
    errno = 0;
    int nf = linkat(AT_FDCWD, p, AT_FDCWD, "nofollow", 0);
    struct stat ls;
    printf("linkat /proc/self/fd/N without AT_SYMLINK_FOLLOW: %s", nf < 0 ? errname(errno) : "ok");
    if (nf == 0) printf(", the new name is a %s", lstat("nofollow", &ls) == 0 && S_ISLNK(ls.st_mode) ? "symlink" : "file");
    printf("\n");
    unlink("nofollow");

    int x = open(".", O_TMPFILE | O_RDWR | O_EXCL, 0600);
    char px[64];
    snprintf(px, sizeof px, "/proc/self/fd/%d", x);
    REPORT("O_TMPFILE|O_EXCL: linkat", linkat(AT_FDCWD, px, AT_FDCWD, "excl", AT_SYMLINK_FOLLOW));
    fdlink("O_TMPFILE|O_EXCL fd link", x);
    int ro = open(p, O_RDONLY);
    printf("reopen the tmpfile via /proc/self/fd O_RDONLY: %s\n", ro < 0 ? errname(errno) : "ok");
    REPORT("fchmod the tmpfile 0600", fchmod(t, 0600));
    fstat(t, &st);
    printf("mode after fchmod: %o\n", st.st_mode & 07777);
    close(t); close(x); close(ro);
    leave_scratch();
    return 0;
}
