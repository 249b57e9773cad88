// syscalls: openat open close
// expect: same
/* openat error paths: unknown and contradictory flags, O_CREAT|O_DIRECTORY, O_TMPFILE on a
 * file and without a write mode, O_EXCL on an existing name, ENAMETOOLONG, ENOTDIR in the
 * middle of a path, ELOOP with O_NOFOLLOW, bad dirfd, a file as dirfd, an empty path. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"
#include <linux/limits.h>

static long oa(int dirfd, const char *p, int flags, int mode) {
    return syscall(SYS_openat, dirfd, p, flags, mode);
}

int main(void) {
    enter_scratch("err-openat");
    struct stat st;
    put("f", "data");
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    MUST(symlink("d", "ld"));
    MUST(symlink("nowhere", "dangling"));
    int filefd = open("f", O_RDONLY);
    MUST(filefd);
    int dirfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dirfd);

    OPEN("unknown high flag bits", oa(AT_FDCWD, "f", O_RDONLY | 0x40000000, 0));
    OPEN("access mode 3 on a file", oa(AT_FDCWD, "f", 3, 0));
    OPEN("O_CREAT|O_DIRECTORY new", oa(AT_FDCWD, "newdir", O_CREAT | O_DIRECTORY | O_RDONLY, 0700));
    FACT("O_CREAT|O_DIRECTORY left nothing", lstat("newdir", &st) != 0);
    OPEN("O_CREAT|O_DIRECTORY existing dir", oa(AT_FDCWD, "d", O_CREAT | O_DIRECTORY | O_RDONLY, 0700));
    OPEN("O_CREAT|O_DIRECTORY existing file", oa(AT_FDCWD, "f", O_CREAT | O_DIRECTORY | O_RDONLY, 0700));
    OPEN("O_TMPFILE on a file", oa(AT_FDCWD, "f", O_TMPFILE | O_RDWR, 0600));
    OPEN("O_TMPFILE on a missing name", oa(AT_FDCWD, "missing", O_TMPFILE | O_RDWR, 0600));
    OPEN("O_TMPFILE O_RDONLY on a dir", oa(AT_FDCWD, "d", O_TMPFILE | O_RDONLY, 0600));
    OPEN("O_TMPFILE|O_CREAT on a dir", oa(AT_FDCWD, "d", O_TMPFILE | O_CREAT | O_RDWR, 0600));
    OPEN("O_TMPFILE O_WRONLY on a dir", oa(AT_FDCWD, "d", O_TMPFILE | O_WRONLY, 0600));
    OPEN("O_DIRECTORY without O_TMPFILE bit on a dir, O_RDWR", oa(AT_FDCWD, "d", O_DIRECTORY | O_RDWR, 0));
    OPEN("O_CREAT|O_EXCL existing file", oa(AT_FDCWD, "f", O_CREAT | O_EXCL | O_WRONLY, 0600));
    OPEN("O_CREAT|O_EXCL existing dir", oa(AT_FDCWD, "d", O_CREAT | O_EXCL | O_RDONLY, 0600));
    OPEN("O_CREAT|O_EXCL symlink to file", oa(AT_FDCWD, "lf", O_CREAT | O_EXCL | O_WRONLY, 0600));
    OPEN("O_CREAT|O_EXCL dangling symlink", oa(AT_FDCWD, "dangling", O_CREAT | O_EXCL | O_WRONLY, 0600));
    FACT("dangling target still missing", lstat("nowhere", &st) != 0);
    OPEN("O_CREAT through dangling symlink", oa(AT_FDCWD, "dangling", O_CREAT | O_WRONLY, 0600));
    FACT("dangling target now exists", lstat("nowhere", &st) == 0);
    char name[NAME_MAX + 2];
    memset(name, 'n', NAME_MAX + 1);
    name[NAME_MAX + 1] = 0;
    OPEN("256-byte name O_CREAT", oa(AT_FDCWD, name, O_CREAT | O_WRONLY, 0600));
    OPEN("256-byte name missing", oa(AT_FDCWD, name, O_RDONLY, 0));
    name[NAME_MAX] = 0;
    OPEN("255-byte name O_CREAT", oa(AT_FDCWD, name, O_CREAT | O_WRONLY, 0600));
    MUST(unlink(name));
    OPEN("f/x (file in the middle)", oa(AT_FDCWD, "f/x", O_RDONLY, 0));
    OPEN("f/x O_CREAT", oa(AT_FDCWD, "f/x", O_CREAT | O_WRONLY, 0600));
    OPEN("lf/x (symlink to file in the middle)", oa(AT_FDCWD, "lf/x", O_RDONLY, 0));
    OPEN("f/ (trailing slash)", oa(AT_FDCWD, "f/", O_RDONLY, 0));
    OPEN("f/. ", oa(AT_FDCWD, "f/.", O_RDONLY, 0));
    OPEN("missing/x", oa(AT_FDCWD, "missing/x", O_RDONLY, 0));
    OPEN("lf O_NOFOLLOW", oa(AT_FDCWD, "lf", O_RDONLY | O_NOFOLLOW, 0));
    OPEN("ld O_NOFOLLOW|O_DIRECTORY", oa(AT_FDCWD, "ld", O_RDONLY | O_NOFOLLOW | O_DIRECTORY, 0));
    OPEN("dangling O_NOFOLLOW", oa(AT_FDCWD, "dangling", O_RDONLY | O_NOFOLLOW, 0));
    OPEN("dangling O_NOFOLLOW|O_CREAT", oa(AT_FDCWD, "dangling", O_WRONLY | O_NOFOLLOW | O_CREAT, 0600));
    OPEN("ld/../f O_NOFOLLOW (symlink not last)", oa(AT_FDCWD, "ld/../f", O_RDONLY | O_NOFOLLOW, 0));
    OPEN("lf O_PATH|O_NOFOLLOW", oa(AT_FDCWD, "lf", O_PATH | O_NOFOLLOW, 0));
    OPEN("ld/ O_NOFOLLOW (trailing slash follows)", oa(AT_FDCWD, "ld/", O_RDONLY | O_NOFOLLOW, 0));
    OPEN("dirfd -1, relative", oa(-1, "f", O_RDONLY, 0));
    OPEN("dirfd 9999, relative", oa(9999, "f", O_RDONLY, 0));
    OPEN("dirfd -1, absolute", oa(-1, "/", O_RDONLY, 0));
    OPEN("dirfd -1, empty path", oa(-1, "", O_RDONLY, 0));
    OPEN("file dirfd, relative", oa(filefd, "x", O_RDONLY, 0));
    OPEN("file dirfd, \".\"", oa(filefd, ".", O_RDONLY, 0));
    OPEN("file dirfd, absolute", oa(filefd, "/", O_RDONLY, 0));
    OPEN("file dirfd, empty path", oa(filefd, "", O_RDONLY, 0));
    OPEN("dir dirfd, \"..\"", oa(dirfd, "..", O_RDONLY, 0));
    OPEN("dir dirfd, \"../f\"", oa(dirfd, "../f", O_RDONLY, 0));
    OPEN("dir dirfd, missing", oa(dirfd, "missing", O_RDONLY, 0));
    OPEN("AT_FDCWD, empty path", oa(AT_FDCWD, "", O_RDONLY, 0));
    OPEN("AT_FDCWD, empty path O_CREAT", oa(AT_FDCWD, "", O_CREAT | O_WRONLY, 0600));
    OPEN("AT_FDCWD, empty path O_PATH", oa(AT_FDCWD, "", O_PATH, 0));
    OPEN("dir O_WRONLY", oa(AT_FDCWD, "d", O_WRONLY, 0));
    OPEN("dir O_RDWR|O_TRUNC", oa(AT_FDCWD, "d", O_RDWR | O_TRUNC, 0));
    OPEN("dir O_RDONLY|O_TRUNC", oa(AT_FDCWD, "d", O_RDONLY | O_TRUNC, 0));
    OPEN("dir O_CREAT", oa(AT_FDCWD, "d", O_CREAT | O_RDONLY, 0600));
    OPEN("\".\" O_CREAT", oa(AT_FDCWD, ".", O_CREAT | O_RDONLY, 0600));
    OPEN("\"..\" O_CREAT|O_EXCL", oa(AT_FDCWD, "..", O_CREAT | O_EXCL | O_RDONLY, 0600));
    close(filefd);
    close(dirfd);
    leave_scratch();
    return 0;
}
