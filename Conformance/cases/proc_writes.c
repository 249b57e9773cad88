// syscalls: openat write read
// expect: same
// The process files a program may write: thread names (pthread_setname_np writes
// /proc/self/task/<tid>/comm for another thread) and oom_score_adj (raised).
#define _GNU_SOURCE
#include "common.h"
#include <fcntl.h>
#include <pthread.h>

static void *idle(void *arg) {
    (void)arg;
    pause();
    return NULL;
}

static void show(const char *path) {
    char buf[64] = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) { printf("%s: %s\n", path, errname(errno)); return; }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n > 0 && buf[n - 1] == '\n') buf[n - 1] = 0;
    printf("%s: %s\n", path, buf);
}

int main(void) {
    pthread_t thread;
    MUST(pthread_create(&thread, NULL, idle, NULL));
    printf("setname other thread: %s\n", errname(pthread_setname_np(thread, "worker-7")));
    char name[16] = {0};
    printf("getname other thread: %s %s\n", errname(pthread_getname_np(thread, name, sizeof name)), name);
    printf("setname self: %s\n", errname(pthread_setname_np(pthread_self(), "main-1")));
    show("/proc/self/comm");
    int fd = open("/proc/self/oom_score_adj", O_WRONLY);
    if (fd < 0) {
        printf("open oom_score_adj: %s\n", errname(errno));
    } else {
        REPORT("write oom_score_adj 300", write(fd, "300", 3) == 3 ? 0 : -1);
        close(fd);
    }
    show("/proc/self/oom_score_adj");
    return 0;
}
