// syscalls: inotify_init1 inotify_add_watch openat read write close rename link symlink unlink mkdir rmdir truncate utimensat fchmodat
// expect: same
/* What a file watcher sees (watchdog, nodemon, tail -F): the events of each step, drained right
 * after it, so an event that comes late (a close the supervisor's copy of a descriptor delayed)
 * shows up under the wrong step. Run three times: the order must not vary. */
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>

static int in;

static void drain(const char *step) {
    static const char *names[] = {"ACCESS", "MODIFY", "ATTRIB", "CLOSE_WRITE", "CLOSE_NOWRITE", "OPEN",
                                  "MOVED_FROM", "MOVED_TO", "CREATE", "DELETE", "DELETE_SELF", "MOVE_SELF"};
    char buf[8192] __attribute__((aligned(8)));
    struct pollfd p = {in, POLLIN, 0};
    printf("%s:", step);
    while (poll(&p, 1, 0) > 0) {
        ssize_t n = read(in, buf, sizeof buf);
        for (char *q = buf; n > 0 && q < buf + n;) {
            struct inotify_event *e = (struct inotify_event *)q;
            for (int i = 0; i < 12; i++)
                if (e->mask & (1u << i)) printf(" %s(%s)%s", names[i], e->len ? e->name : "", e->mask & IN_ISDIR ? "[dir]" : "");
            q += sizeof *e + e->len;
        }
    }
    printf("\n");
}

int main(void) {
    char dir[] = "/tmp/conf-inotify-XXXXXX", path[128], other[128];
    for (int round = 0; round < 3; round++) {
        MUST(mkdtemp(strcpy(dir, "/tmp/conf-inotify-XXXXXX")) ? 0 : -1);
        MUST(in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
        MUST(inotify_add_watch(in, dir, IN_ALL_EVENTS));
        printf("round %d\n", round);
        snprintf(path, sizeof path, "%s/f", dir);
        int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
        MUST(fd);
        drain("create");
        MUST(write(fd, "abc", 3));
        drain("write");
        MUST(close(fd));
        drain("close");
        char b[4];
        MUST(fd = open(path, O_RDONLY));
        MUST(read(fd, b, 3));
        MUST(close(fd));
        drain("read");
        MUST(chmod(path, 0600));
        drain("chmod");
        snprintf(other, sizeof other, "%s/g", dir);
        MUST(rename(path, other));
        drain("rename");
        snprintf(path, sizeof path, "%s/h", dir);
        MUST(link(other, path));
        drain("link");
        MUST(unlink(path));
        MUST(unlink(other));
        drain("unlink");
        snprintf(path, sizeof path, "%s/t", dir);
        MUST(fd = open(path, O_CREAT | O_RDWR, 0644));
        MUST(truncate(path, 10));
        drain("create+truncate");
        MUST(utimensat(AT_FDCWD, path, NULL, 0));
        drain("utimens");
        MUST(close(fd));
        drain("close");
        MUST(unlink(path));
        MUST(rmdir(dir));
        drain("rmdir");
        close(in);
    }
    return 0;
}
