// syscalls: openat close flock execve write
// expect: same
/* A descriptor the guest closed is closed: nothing else holds its open file description. A flock
 * taken on it is free for another process at once, and a file written and closed can be run at
 * once (no ETXTBSY) — what `make` does with what the linker just wrote. 200 tries each. */
#include "common.h"
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>

int main(void) {
    char path[] = "/tmp/conf-close-XXXXXX";
    int fd = mkstemp(path);
    MUST(fd);
    MUST(close(fd));
    int busy = 0;
    for (int i = 0; i < 200; i++) {
        MUST(fd = open(path, O_RDWR | O_CLOEXEC));
        MUST(flock(fd, LOCK_EX));
        MUST(close(fd));
        pid_t c = fork();
        MUST(c);
        if (c == 0) {
            int g = open(path, O_RDWR | O_CLOEXEC);
            _exit(g >= 0 && flock(g, LOCK_EX | LOCK_NB) == 0 ? 0 : 1);
        }
        int st;
        MUST(waitpid(c, &st, 0));
        busy += WEXITSTATUS(st) != 0;
    }
    printf("flock still held after close: %d of 200\n", busy);

    static const char script[] = "#!/bin/sh\nexit 7\n";
    int txtbsy = 0, other = 0;
    for (int i = 0; i < 200; i++) {
        unlink(path);
        MUST(fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755));
        MUST(write(fd, script, sizeof script - 1));
        MUST(close(fd));
        pid_t c = fork();
        MUST(c);
        if (c == 0) {
            execl(path, path, (char *)NULL);
            _exit(errno == ETXTBSY ? 100 : 101);
        }
        int st;
        MUST(waitpid(c, &st, 0));
        txtbsy += WEXITSTATUS(st) == 100;
        other += WEXITSTATUS(st) != 7 && WEXITSTATUS(st) != 100;
    }
    printf("exec right after write+close: ETXTBSY %d of 200, other failures %d\n", txtbsy, other);
    unlink(path);
    return 0;
}
