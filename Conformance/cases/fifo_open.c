// syscalls: mknodat openat read write fcntl
// expect: same
#include "common.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

static void on_alarm(int s) { (void)s; }

int main(void) {
    char dir[] = "/tmp/conf-fifo-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    MUST(mkfifo("f", 0600));
    REPORT("mkfifo in /proc", mkfifo("/proc/conf-fifo", 0600));
    REPORT("mkdir in /proc", mkdir("/proc/conf-dir", 0700));
    REPORT("create in /proc", open("/proc/conf-file", O_CREAT | O_WRONLY, 0600));
    int r = open("f", O_RDONLY | O_NONBLOCK);
    printf("nonblocking read open: %s\n", r >= 0 ? "ok" : errname(errno));
    printf("flags: %o\n", fcntl(r, F_GETFL) & ~0100000);
    char buf[16];
    errno = 0;
    printf("read with no writer: %zd %s\n", read(r, buf, sizeof buf), errname(errno));
    close(r);
    errno = 0;
    printf("nonblocking write open without reader: %s\n", open("f", O_WRONLY | O_NONBLOCK) >= 0 ? "ok" : errname(errno));
    // A reader that has closed is gone at once: a write open right after finds no reader, every
    // time (the supervisor's own copy of an installed FIFO descriptor must not outlive the reply).
    int found_reader = 0;
    for (int i = 0; i < 200; i++) {
        int rd = open("f", O_RDONLY | O_NONBLOCK);
        close(rd);
        int wr = open("f", O_WRONLY | O_NONBLOCK);
        if (wr >= 0) { found_reader++; close(wr); }
    }
    printf("write opens that found a closed reader: %d\n", found_reader);
    int rw = open("f", O_RDWR);
    printf("read-write open: %s flags: %o\n", rw >= 0 ? "ok" : errname(errno), fcntl(rw, F_GETFL) & ~0100000);
    close(rw);

    // A blocking open waits for the other end: a writer and a reader meet.
    pid_t child = fork();
    if (child == 0) {
        int w = open("f", O_WRONLY);
        printf("child writer flags: %o\n", fcntl(w, F_GETFL) & ~0100000);
        fflush(stdout);
        (void)!write(w, "hello", 5);
        _exit(0);
    }
    int reader = open("f", O_RDONLY);
    memset(buf, 0, sizeof buf);
    int status;
    waitpid(child, &status, 0);
    printf("reader flags: %o\n", fcntl(reader, F_GETFL) & ~0100000);
    printf("read: %zd %s\n", read(reader, buf, 5), buf);
    printf("read after writer closed: %zd\n", read(reader, buf, 5));
    close(reader);

    // A signal interrupts a waiting open: EINTR without SA_RESTART.
    struct sigaction sa = { .sa_handler = on_alarm };
    sigaction(SIGALRM, &sa, NULL);
    alarm(1);
    errno = 0;
    int w = open("f", O_WRONLY);
    printf("interrupted open: %d %s\n", w, errname(errno));
    unlink("f");
    return 0;
}
