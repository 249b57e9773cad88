// syscalls: mq_open mq_timedsend mq_timedreceive mq_getsetattr mq_notify mq_unlink
// expect: same
#include "common.h"
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <time.h>

/* POSIX message queues: priority order, nonblocking empty/full, attributes, unlink. */
int main(void) {
    const char *name = "/sys2_mqueue_case";
    mq_unlink(name);
    struct mq_attr at = { .mq_maxmsg = 2, .mq_msgsize = 16 };
    mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &at);
    if (q == (mqd_t)-1) { printf("mq_open: %s\n", errname(errno)); return 0; }
    printf("mq_open: ok\n");
    REPORT("mq_open O_EXCL again", mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &at));
    REPORT("mq_send prio 1", mq_send(q, "low", 4, 1));
    REPORT("mq_send prio 9", mq_send(q, "high", 5, 9));
    struct mq_attr g;
    MUST(mq_getattr(q, &g));
    printf("maxmsg %ld msgsize %ld curmsgs %ld\n", g.mq_maxmsg, g.mq_msgsize, g.mq_curmsgs);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 30000000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    REPORT("mq_timedsend full", mq_timedsend(q, "x", 2, 0, &ts));
    REPORT("mq_send too long", mq_send(q, "0123456789abcdefXYZ", 20, 0));
    char buf[16];
    unsigned prio = 0;
    REPORT("mq_receive small buffer", mq_receive(q, buf, 8, &prio));
    long n = mq_receive(q, buf, sizeof buf, &prio);
    printf("first: %ld %s prio %u\n", n, buf, prio);
    n = mq_receive(q, buf, sizeof buf, &prio);
    printf("second: %ld %s prio %u\n", n, buf, prio);
    struct mq_attr nb = { .mq_flags = O_NONBLOCK }, old;
    REPORT("mq_setattr O_NONBLOCK", mq_setattr(q, &nb, &old));
    FACT("old flags blocking", !(old.mq_flags & O_NONBLOCK));
    REPORT("mq_receive empty nonblocking", mq_receive(q, buf, sizeof buf, &prio));
    struct sigevent sev = { .sigev_notify = SIGEV_NONE };
    REPORT("mq_notify register", mq_notify(q, &sev));
    REPORT("mq_notify register again", mq_notify(q, &sev));
    REPORT("mq_notify unregister", mq_notify(q, NULL));
    REPORT("mq_close", mq_close(q));
    REPORT("mq_unlink", mq_unlink(name));
    REPORT("mq_unlink again", mq_unlink(name));
    REPORT("mq_open missing", mq_open(name, O_RDONLY));
    REPORT("mq_open name with slash", mq_open("/a/b", O_CREAT | O_RDWR, 0600, NULL));
    struct mq_attr badat = { .mq_maxmsg = 0, .mq_msgsize = 16 };
    REPORT("mq_open maxmsg 0", mq_open(name, O_CREAT | O_RDWR, 0600, &badat));
    return 0;
}
