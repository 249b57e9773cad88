// syscalls: openat close read write newfstatat mkdir rmdir unlink
// expect: same
#include "common.h"
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/syscall.h>

int main(void) {
    REPORT("open missing file", open("/tmp/definitely/not/here", O_RDONLY));
    REPORT("open missing in existing dir", open("/tmp/conf-no-such-file", O_RDONLY));
    REPORT("close(-1)", close(-1));
    REPORT("close(12345)", close(12345));
    char b;
    REPORT("read(-1)", read(-1, &b, 1));
    REPORT("write(-1)", write(-1, "x", 1));

    int p[2];
    MUST(pipe(p));
    MUST(write(p[1], "abc", 3));
    REPORT("read into NULL", syscall(SYS_read, p[0], NULL, 1));
    REPORT("read into (void*)1", syscall(SYS_read, p[0], 1, 1));
    REPORT("write from NULL", syscall(SYS_write, p[1], NULL, 1));
    REPORT("read pipe write end", read(p[1], &b, 1));
    REPORT("write pipe read end", write(p[0], "x", 1));
    REPORT("lseek on pipe", lseek(p[0], 0, SEEK_SET));

    REPORT("open NULL path", syscall(SYS_openat, AT_FDCWD, NULL, O_RDONLY));
    REPORT("stat NULL path", syscall(SYS_newfstatat, AT_FDCWD, NULL, NULL, 0));
    struct stat st;
    REPORT("stat empty path", stat("", &st));
    REPORT("stat NULL buffer", syscall(SYS_newfstatat, AT_FDCWD, "/tmp", NULL, 0));

    char longname[NAME_MAX + 10];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    char longpath[NAME_MAX + 20];
    snprintf(longpath, sizeof longpath, "/tmp/%s", longname);
    REPORT("open name too long", open(longpath, O_RDONLY));

    REPORT("open /tmp O_WRONLY", open("/tmp", O_WRONLY));
    REPORT("open /tmp O_DIRECTORY", open("/tmp", O_RDONLY | O_DIRECTORY));
    char f[] = "/tmp/conf-errno-XXXXXX";
    int fd = mkstemp(f);
    MUST(fd);
    char sub[64];
    snprintf(sub, sizeof sub, "%s/x", f);
    REPORT("open through a regular file", open(sub, O_RDONLY));
    REPORT("open regular file O_DIRECTORY", open(f, O_RDONLY | O_DIRECTORY));
    REPORT("mkdir over a file", mkdir(f, 0755));
    REPORT("rmdir a file", rmdir(f));
    REPORT("unlink", unlink(f));
    REPORT("mkdir in missing parent", mkdir("/tmp/conf-missing-parent/x", 0755));
    REPORT("rmdir /tmp/.", rmdir("/tmp/."));
    REPORT("open invalid flags O_TMPFILE without dir", open(f, O_TMPFILE | O_RDWR, 0600));
    REPORT("fstat closed fd", fstat(fd + 100, &st));
    return 0;
}
