// syscalls: mknodat openat rt_sigaction setitimer unlinkat
// expect: same
/* open() of a FIFO for reading blocks until a writer arrives. A signal without SA_RESTART
 * interrupts it with EINTR; with SA_RESTART the open resumes and completes when a writer comes.
 * O_NONBLOCK opens: reader succeeds, writer without reader is ENXIO. */
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>

static volatile sig_atomic_t handled;
static void on_sig(int s) { (void)s; handled++; }
static char path[64];

static void *late_writer(void *arg) {
    (void)arg;
    usleep(150000);
    int fd = open(path, O_WRONLY);
    if (fd >= 0) { write(fd, "w", 1); close(fd); }
    return NULL;
}

int main(void) {
    char dir[] = "/tmp/conf-fifo-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    snprintf(path, sizeof path, "%s/f", dir);
    MUST(mkfifo(path, 0600));

    struct sigaction sa = { .sa_handler = on_sig };
    MUST(sigaction(SIGALRM, &sa, NULL));
    struct itimerval it = { .it_value = { 0, 50000 } };
    MUST(setitimer(ITIMER_REAL, &it, NULL));
    errno = 0;
    int fd = open(path, O_RDONLY);
    printf("open for reading, alarm without SA_RESTART: %s, handler ran %d\n",
           fd >= 0 ? "opened" : errname(errno), handled);
    if (fd >= 0) close(fd);

    handled = 0;
    sa.sa_flags = SA_RESTART;
    MUST(sigaction(SIGALRM, &sa, NULL));
    pthread_t t;
    MUST(-(pthread_create(&t, NULL, late_writer, NULL) != 0));
    MUST(setitimer(ITIMER_REAL, &it, NULL));
    fd = open(path, O_RDONLY);
    printf("open for reading, alarm with SA_RESTART: %s, handler ran %d\n",
           fd >= 0 ? "opened" : errname(errno), handled);
    char c = 0;
    if (fd >= 0) { ssize_t n = read(fd, &c, 1); printf("read from the late writer: %zd %c\n", n, c); close(fd); }
    pthread_join(t, NULL);

    REPORT("O_WRONLY|O_NONBLOCK with no reader", open(path, O_WRONLY | O_NONBLOCK));
    int r = open(path, O_RDONLY | O_NONBLOCK);
    printf("O_RDONLY|O_NONBLOCK with no writer: %s\n", r >= 0 ? "ok" : errname(errno));
    char b;
    REPORT("read it with no writer (EOF is 0)", read(r, &b, 1));
    int w = open(path, O_WRONLY | O_NONBLOCK);
    printf("O_WRONLY|O_NONBLOCK with a reader: %s\n", w >= 0 ? "ok" : errname(errno));
    REPORT("read empty fifo with a writer", read(r, &b, 1));
    close(w); close(r);
    int rw = open(path, O_RDWR);
    printf("O_RDWR does not block: %s\n", rw >= 0 ? "ok" : errname(errno));
    close(rw);
    unlink(path);
    rmdir(dir);
    return 0;
}
