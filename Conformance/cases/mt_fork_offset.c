// syscalls: openat read write lseek close clone wait4 pipe2
// expect: same
/* A descriptor inherited over fork shares its open file description: the file offset and the
 * status flags move for both; closing it in the child leaves the parent's open; fds the child
 * opens are not in the parent. */
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

static int shared_fd;

static int child_status(pid_t c) {
    int st;
    MUST(waitpid(c, &st, 0));
    return WIFEXITED(st) ? WEXITSTATUS(st) : 200;
}

static int files_child(void *arg) {
    int ready = (int)(long)arg;
    int n = open("/dev/null", O_RDONLY | O_CLOEXEC);
    dup3(n, 88, O_CLOEXEC);
    close(n);
    close(shared_fd);
    write(ready, "r", 1);
    return 7;
}

static void *unsharer(void *arg) {
    (void)arg;
    if (unshare(CLONE_FILES) != 0) return (void *)2;
    close(89);
    int n = open("/dev/null", O_RDONLY);
    dup2(n, 90);
    return (void *)1;
}

int main(void) {
    char path[] = "/tmp/conf-mtoff-XXXXXX";
    int fd = mkstemp(path);
    MUST(fd);
    MUST(write(fd, "0123456789abcdefghij", 20));
    MUST(lseek(fd, 0, SEEK_SET));

    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        char b[5];
        if (read(fd, b, 5) != 5) _exit(1);
        _exit(memcmp(b, "01234", 5) ? 2 : 0);
    }
    printf("child read 5: exit %d\n", child_status(c));
    printf("parent offset after child's read: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    char b[4] = {0};
    MUST(read(fd, b, 3));
    printf("parent continues reading: %s\n", b);

    c = fork();
    MUST(c);
    if (c == 0) {
        if (lseek(fd, 0, SEEK_END) < 0) _exit(1);
        if (write(fd, "XY", 2) != 2) _exit(2);
        _exit(0);
    }
    printf("child appended: exit %d\n", child_status(c));
    printf("parent offset after child's seek+write: %ld\n", (long)lseek(fd, 0, SEEK_CUR));

    /* status flags are shared too */
    c = fork();
    MUST(c);
    if (c == 0) _exit(fcntl(fd, F_SETFL, O_APPEND) == 0 ? 0 : 1);
    printf("child set O_APPEND: exit %d\n", child_status(c));
    FACT("parent sees O_APPEND", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
    /* but fd flags (FD_CLOEXEC) are per descriptor */
    c = fork();
    MUST(c);
    if (c == 0) _exit(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 ? 0 : 1);
    printf("child set FD_CLOEXEC: exit %d\n", child_status(c));
    FACT("parent fd still without FD_CLOEXEC", fcntl(fd, F_GETFD) == 0);

    /* close in the child */
    c = fork();
    MUST(c);
    if (c == 0) _exit(close(fd) == 0 && fcntl(fd, F_GETFD) == -1 && errno == EBADF ? 0 : 1);
    printf("child closed the fd: exit %d\n", child_status(c));
    FACT("parent fd still open", fcntl(fd, F_GETFD) != -1);
    MUST(lseek(fd, 0, SEEK_SET));
    char all[32] = {0};
    ssize_t got = read(fd, all, sizeof all - 1);
    printf("parent reads whole file: %zd %s\n", got, all);
    shared_fd = fd;

    /* the child opens fds: the parent does not get them */
    int p[2];
    MUST(pipe2(p, O_CLOEXEC));
    c = fork();
    MUST(c);
    if (c == 0) {
        int n = open("/dev/null", O_RDONLY);
        int m = dup2(n, 77);
        char msg[16];
        snprintf(msg, sizeof msg, "%d", n);
        write(p[1], msg, strlen(msg) + 1);
        (void)m;
        pause(); /* wait to be killed, keeping the fds open */
        _exit(0);
    }
    char msg[16] = {0};
    MUST(read(p[0], msg, sizeof msg));
    int childfd = atoi(msg);
    REPORT("parent fcntl on the child's new fd number", fcntl(childfd, F_GETFD));
    REPORT("parent fcntl on the child's fd 77", fcntl(77, F_GETFD));
    kill(c, SIGKILL);
    child_status(c);
    printf("next fd the parent opens is the child's number: %s\n",
           open("/dev/null", O_RDONLY) == childfd ? "yes" : "no");

    /* clone(CLONE_FILES): the child shares the table itself, so its opens and closes are the
     * parent's too; unshare(CLONE_FILES) in a thread gives it a private copy */
    static char stack[64 * 1024];
    int ready[2];
    MUST(pipe(ready));
    c = clone(files_child, stack + sizeof stack, CLONE_FILES | SIGCHLD, (void *)(long)ready[1]);
    MUST(c);
    char b1;
    MUST(read(ready[0], &b1, 1));
    FACT("CLONE_FILES: the child's fd 88 is open in the parent", fcntl(88, F_GETFD) == FD_CLOEXEC);
    FACT("CLONE_FILES: the child's close of the parent's fd shows", fcntl(fd, F_GETFD) == -1 && errno == EBADF);
    printf("CLONE_FILES child: exit %d\n", child_status(c));
    FACT("fd 88 still open after the child exits", fcntl(88, F_GETFD) == FD_CLOEXEC);
    close(88);

    pthread_t t;
    MUST(dup2(ready[0], 89));
    MUST(-(pthread_create(&t, NULL, unsharer, NULL) != 0));
    void *r;
    pthread_join(t, &r);
    printf("thread after unshare(CLONE_FILES): %s\n", r == (void *)1 ? "private table" : r == (void *)2 ? "unshare failed" : "shared?");
    FACT("fd 89 still open in main", fcntl(89, F_GETFD) != -1);
    REPORT("fd 90 (opened by the unshared thread) in main", fcntl(90, F_GETFD));
    unlink(path);
    return 0;
}
