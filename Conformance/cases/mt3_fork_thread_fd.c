// syscalls: openat newfstatat fstat readlink getdents64 clone wait4 pipe2 write read
// expect: same
/* A descriptor a thread made with a trapped openat (O_CREAT) belongs to the whole process: a child
 * forked by another thread holds it, names it through /proc/self/fd, and writes through it into
 * the same file. A descriptor the thread opens after the fork is not the child's; a child forked
 * from a non-main thread has a single thread, and a thread started in the child opens into the
 * child's table. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static char dir[64], first[96], second[96], third[96];
static int fd1 = -1, fd2 = -1;
static int to_thread[2], from_thread[2];

static int tasks(void) {
    DIR *d = opendir("/proc/self/task");
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) if (e->d_name[0] != '.') n++;
    closedir(d);
    return n;
}

static const char *base_of_link(int fd) {
    static char out[128];
    char p[64], t[256];
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(p, t, sizeof t - 1);
    if (n < 0) return errname(errno);
    t[n] = 0;
    const char *b = strrchr(t, '/');
    snprintf(out, sizeof out, "%.120s", b ? b + 1 : t);
    return out;
}

static void *worker(void *arg) {
    (void)arg;
    char cmd;
    fd1 = openat(AT_FDCWD, first, O_RDWR | O_CREAT | O_EXCL, 0644);
    write(from_thread[1], "1", 1);
    read(to_thread[0], &cmd, 1);                 /* the main thread has forked */
    fd2 = openat(AT_FDCWD, second, O_RDWR | O_CREAT | O_EXCL, 0644);
    write(from_thread[1], "2", 1);
    read(to_thread[0], &cmd, 1);
    /* fork from this (non-main) thread */
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        int ok = tasks() == 1 && syscall(SYS_gettid) == getpid();
        int holds = fcntl(fd1, F_GETFD) >= 0 && fcntl(fd2, F_GETFD) >= 0;
        _exit(ok ? (holds ? 0 : 2) : 1);
    }
    int st;
    waitpid(c, &st, 0);
    return (void *)(long)(WIFEXITED(st) ? WEXITSTATUS(st) : 100);
}

static int opened_in_child_thread = -1;
static void *child_opener(void *arg) {
    (void)arg;
    opened_in_child_thread = openat(AT_FDCWD, third, O_RDONLY | O_CREAT, 0600);
    return NULL;
}

int main(void) {
    strcpy(dir, "/tmp/mt3-tf-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    snprintf(first, sizeof first, "%s/first", dir);
    snprintf(second, sizeof second, "%s/second", dir);
    snprintf(third, sizeof third, "%s/third", dir);
    MUST(pipe2(to_thread, O_CLOEXEC));
    MUST(pipe2(from_thread, O_CLOEXEC));
    pthread_t t;
    MUST(-(pthread_create(&t, NULL, worker, NULL) != 0));
    char ev;
    MUST(read(from_thread[0], &ev, 1));
    printf("thread's openat: %s\n", fd1 >= 0 ? "ok" : "failed");

    int cready[2], cgo[2];
    MUST(pipe(cready));
    MUST(pipe(cgo));
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        close(cready[0]); close(cgo[1]);
        struct stat a, b;
        int same = fstat(fd1, &a) == 0 && stat(first, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
        printf("child: holds the thread's fd: %s, same file: %s, link names %s\n",
               fcntl(fd1, F_GETFD) >= 0 ? "yes" : "no", same ? "yes" : "no", base_of_link(fd1));
        printf("child: threads: %d\n", tasks());
        if (write(fd1, "from-child;", 11) != 11) printf("child: write failed\n");
        fflush(stdout);
        write(cready[1], "r", 1);
        int num;
        read(cgo[0], &num, sizeof num);          /* the number the thread's second open got */
        struct stat s1, s2;
        int is_second = fstat(num, &s1) == 0 && stat(second, &s2) == 0 && s1.st_ino == s2.st_ino && s1.st_dev == s2.st_dev;
        printf("child: the number the parent's thread opened after fork names that file here: %s\n",
               is_second ? "yes" : "no");
        pthread_t ct;
        pthread_create(&ct, NULL, child_opener, NULL);
        pthread_join(ct, NULL);
        printf("child: its own thread's openat is in its table: %s, names %s\n",
               opened_in_child_thread >= 0 && fcntl(opened_in_child_thread, F_GETFD) >= 0 ? "yes" : "no",
               base_of_link(opened_in_child_thread));
        fflush(stdout);
        _exit(0);
    }
    close(cready[1]); close(cgo[0]);
    MUST(read(cready[0], &ev, 1));
    write(to_thread[1], "f", 1);
    MUST(read(from_thread[0], &ev, 1));
    printf("thread's second openat: %s\n", fd2 >= 0 ? "ok" : "failed");
    write(cgo[1], &fd2, sizeof fd2);
    int st;
    MUST(waitpid(c, &st, 0));
    printf("child exit: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    printf("parent: third file's fd is not in the parent: %s\n",
           opened_in_child_thread == -1 ? "yes" : "no");
    write(to_thread[1], "g", 1);
    void *r;
    pthread_join(t, &r);
    printf("fork from the non-main thread: %s\n", (long)r == 0 ? "one thread, holds both fds" :
           (long)r == 1 ? "more than one thread" : (long)r == 2 ? "lacks an fd" : "failed");

    char buf[64] = {0};
    ssize_t n = pread(fd1, buf, sizeof buf - 1, 0);
    printf("first file holds: %s\n", n >= 0 ? buf : errname(errno));
    printf("shared offset after the child's write: %ld\n", (long)lseek(fd1, 0, SEEK_CUR));
    struct stat sb;
    MUST(stat(third, &sb));
    printf("third file created by the child's thread: %s\n", S_ISREG(sb.st_mode) ? "yes" : "no");
    close(fd1); close(fd2);
    unlink(first); unlink(second); unlink(third);
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
