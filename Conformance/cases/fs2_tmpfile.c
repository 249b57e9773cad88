// syscalls: openat linkat fstat write read newfstatat readlink unlink close
// expect: same
/* O_TMPFILE: an unnamed file in a directory (nlink 0, not listed), written and read back,
 * given a name with linkat(AT_EMPTY_PATH) and with linkat through /proc/self/fd/N
 * (AT_SYMLINK_FOLLOW), O_TMPFILE|O_EXCL refusing a name, mode checks (O_RDONLY is EINVAL), on a
 * file path (ENOTDIR) and a missing dir (ENOENT). Done as root and again as uid 1000. */
#include "fs2_util.h"
#include <dirent.h>

static int entries(const char *d) {
    DIR *dd = opendir(d);
    int n = 0;
    while (readdir(dd)) n++;
    closedir(dd);
    return n - 2;
}

static void run(const char *who) {
    char l[128];
    struct stat st;
    printf("%s:\n", who);
    int fd = open(".", O_TMPFILE | O_RDWR, 0640);
    if (fd < 0) { printf("  O_TMPFILE: %s\n", errname(errno)); return; }
    MUST(fstat(fd, &st));
    printf("  O_TMPFILE: ok, regular %s, nlink %ld, mode %o, entries in dir: %d\n", S_ISREG(st.st_mode) ? "yes" : "no",
           (long)st.st_nlink, st.st_mode & 0777, entries("."));
    MUST(write(fd, "hello", 5));
    char buf[16] = {0};
    MUST(pread(fd, buf, 5, 0));
    printf("  read back: %s\n", buf);
    snprintf(l, sizeof l, "/proc/self/fd/%d", fd);
    char t[256] = {0};
    ssize_t n = readlink(l, t, sizeof t - 1);
    printf("  /proc/self/fd link ends with (deleted): %s\n", n > 10 && strstr(t, " (deleted)") ? "yes" : "no");
    errno = 0;
    long r = linkat(fd, "", AT_FDCWD, "named-empty-path", AT_EMPTY_PATH);
    printf("  linkat AT_EMPTY_PATH: %s\n", r == 0 ? "ok" : errname(errno));
    r = linkat(AT_FDCWD, l, AT_FDCWD, "named-proc", AT_SYMLINK_FOLLOW);
    printf("  linkat /proc/self/fd/N FOLLOW: %s\n", r == 0 ? "ok" : errname(errno));
    r = linkat(AT_FDCWD, l, AT_FDCWD, "named-proc-nofollow", 0);
    printf("  linkat /proc/self/fd/N no FOLLOW: %s\n", r == 0 ? "ok" : errname(errno));
    if (lstat("named-proc-nofollow", &st) == 0) printf("    made a %s\n", S_ISLNK(st.st_mode) ? "symlink" : S_ISREG(st.st_mode) ? "regular file" : "?");
    MUST(fstat(fd, &st));
    printf("  nlink after linking: %ld, entries: %d\n", (long)st.st_nlink, entries("."));
    int fd2 = open("named-proc", O_RDONLY);
    if (fd2 >= 0) { memset(buf, 0, sizeof buf); MUST(read(fd2, buf, 10)); printf("  named file reads: %s\n", buf); close(fd2); }
    r = linkat(AT_FDCWD, l, AT_FDCWD, "named-proc", AT_SYMLINK_FOLLOW);
    printf("  linkat onto an existing name: %s\n", r == 0 ? "ok" : errname(errno));
    close(fd);
    unlink("named-empty-path"); unlink("named-proc"); unlink("named-proc-nofollow");
    fd = open(".", O_TMPFILE | O_WRONLY | O_EXCL, 0600);
    if (fd >= 0) {
        snprintf(l, sizeof l, "/proc/self/fd/%d", fd);
        r = linkat(AT_FDCWD, l, AT_FDCWD, "excl", AT_SYMLINK_FOLLOW);
        printf("  O_EXCL tmpfile: linkat: %s\n", r == 0 ? "ok" : errname(errno));
        r = linkat(fd, "", AT_FDCWD, "excl", AT_EMPTY_PATH);
        printf("  O_EXCL tmpfile: linkat AT_EMPTY_PATH: %s\n", r == 0 ? "ok" : errname(errno));
        close(fd);
    } else printf("  O_TMPFILE|O_EXCL: %s\n", errname(errno));
    OPEN("  O_TMPFILE|O_RDONLY", open(".", O_TMPFILE | O_RDONLY, 0600));
    OPEN("  O_TMPFILE on a file", open("plain", O_TMPFILE | O_RDWR, 0600));
    OPEN("  O_TMPFILE in a missing dir", open("missing", O_TMPFILE | O_RDWR, 0600));
    OPEN("  O_TMPFILE|O_CREAT", open(".", O_TMPFILE | O_CREAT | O_RDWR, 0600));
    OPEN("  O_DIRECTORY|O_RDWR without O_TMPFILE bit", open(".", O_DIRECTORY | O_RDWR));
    printf("  entries left: %d\n", entries("."));
}

int main(void) {
    enter_scratch("fs2-tmpfile");
    put("plain", "p");
    run("as the caller");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        drop_to_user();
        run("as uid 1000");
        fflush(stdout);
        _exit(0);
    }
    reap("child", pid);
    leave_scratch();
    return 0;
}
