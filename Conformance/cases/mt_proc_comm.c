// syscalls: prctl openat read write clone
// expect: same
/* The process and thread names: prctl(PR_SET_NAME) changes /proc/self/comm, /proc/self/stat's
 * (comm) and status Name: of the calling thread only; names are cut to 15 bytes; writing
 * /proc/self/task/<tid>/comm renames another thread; exec resets comm to the file's name. */
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static void readfile(const char *p, char *out, size_t size) {
    int fd = open(p, O_RDONLY);
    out[0] = 0;
    if (fd < 0) { snprintf(out, size, "%s", errname(errno)); return; }
    ssize_t n = read(fd, out, size - 1);
    close(fd);
    out[n > 0 ? n : 0] = 0;
    out[strcspn(out, "\n")] = 0;
}

static void stat_comm(const char *p, char *out, size_t size) {
    char buf[512];
    readfile(p, buf, sizeof buf);
    char *a = strchr(buf, '('), *b = strrchr(buf, ')');
    if (!a || !b) { snprintf(out, size, "?"); return; }
    snprintf(out, size, "%.*s", (int)(b - a - 1), a + 1);
}

static void show(const char *label) {
    char c[64], s[64], pn[32] = {0};
    readfile("/proc/self/comm", c, sizeof c);
    stat_comm("/proc/self/stat", s, sizeof s);
    prctl(PR_GET_NAME, pn);
    printf("%s: comm \"%s\", stat \"%s\", PR_GET_NAME \"%s\"\n", label, c, s, pn);
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int stage;
static long ttid;

static void *worker(void *arg) {
    (void)arg;
    prctl(PR_SET_NAME, "worker-thread");
    pthread_mutex_lock(&m);
    ttid = syscall(SYS_gettid);
    stage = 1;
    pthread_cond_broadcast(&cv);
    while (stage < 2) pthread_cond_wait(&cv, &m);
    pthread_mutex_unlock(&m);
    char pn[32] = {0};
    prctl(PR_GET_NAME, pn);
    printf("thread sees its name: \"%s\"\n", pn);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc > 1) { show("after exec"); return 0; }
    show("start");
    REPORT("PR_SET_NAME short", prctl(PR_SET_NAME, "renamed"));
    show("renamed");
    REPORT("PR_SET_NAME long", prctl(PR_SET_NAME, "a-very-long-process-name-indeed"));
    show("long name");
    pthread_t t;
    MUST(-(pthread_create(&t, NULL, worker, NULL) != 0));
    pthread_mutex_lock(&m);
    while (stage < 1) pthread_cond_wait(&cv, &m);
    pthread_mutex_unlock(&m);
    show("main after the thread renamed itself");
    char p[96], c[64];
    snprintf(p, sizeof p, "/proc/self/task/%ld/comm", ttid);
    readfile(p, c, sizeof c);
    printf("thread's task comm: \"%s\"\n", c);
    int fd = open(p, O_WRONLY);
    if (fd < 0) printf("open thread comm for writing: %s\n", errname(errno));
    else { REPORT("write thread comm", write(fd, "by-main", 7)); close(fd); }
    readfile(p, c, sizeof c);
    printf("thread's task comm now: \"%s\"\n", c);
    fd = open("/proc/self/comm", O_WRONLY);
    if (fd < 0) printf("open own comm for writing: %s\n", errname(errno));
    else { REPORT("write own comm", write(fd, "written", 7)); close(fd); }
    show("after writing own comm");
    pthread_mutex_lock(&m);
    stage = 2;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&m);
    pthread_join(t, NULL);
    fflush(stdout);
    pid_t k = fork();
    MUST(k);
    if (k == 0) { show("forked child inherits"); fflush(stdout); execl(argv[0], argv[0], "x", (char *)NULL); _exit(9); }
    waitpid(k, NULL, 0);
    return 0;
}
