// syscalls: execve openat read readlink clone wait4 prctl getdents64 exit_group
// expect: same
/* A non-main thread of a process with several threads (the main one blocked reading a pipe)
 * executes a #! script whose interpreter is this program: the interpreter gets the optional
 * argument, the script's path and the caller's arguments; the process has one thread afterwards;
 * comm is the script's name. Chains of scripts naming scripts work up to the kernel's depth
 * limit, beyond which exec fails with ELOOP; a script naming itself fails the same way. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/wait.h>

static char dir[64], self[512];
static char exec_path[256];
static char *exec_args[8];

static int tasks(void) {
    DIR *d = opendir("/proc/self/task");
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) if (e->d_name[0] != '.') n++;
    closedir(d);
    return n;
}

static void *spin(void *arg) { (void)arg; for (;;) pause(); return NULL; }

static void *execer(void *arg) {
    (void)arg;
    execv(exec_path, exec_args);
    printf("exec from the thread: %s\n", errname(errno));
    fflush(stdout);
    _exit(errno == ELOOP ? 40 : 1);
}

static const char *rel(const char *arg) {
    static char out[4][128];
    static int k;
    char *o = out[k++ & 3];
    if (!strcmp(arg, self)) return "<this program>";
    if (!strncmp(arg, dir, strlen(dir))) { snprintf(o, 128, "<dir>%s", arg + strlen(dir)); return o; }
    return arg;
}

static void put(const char *name, const char *interp, const char *optarg) {
    char p[128], text[700];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    snprintf(text, sizeof text, "#!%s%s%s\n", interp, optarg ? " " : "", optarg ? optarg : "");
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0755);
    MUST(fd);
    MUST(write(fd, text, strlen(text)));
    close(fd);
}

/* Fork; in the child start threads, block the main thread in a read and exec from a thread. */
static void run(const char *label, const char *script) {
    snprintf(exec_path, sizeof exec_path, "%s/%s", dir, script);
    exec_args[0] = (char *)script;
    exec_args[1] = (char *)"user-arg-1";
    exec_args[2] = (char *)"user arg 2";
    exec_args[3] = NULL;
    printf("== %s\n", label);
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        int p[2];
        pipe(p);
        pthread_t t;
        for (int i = 0; i < 2; i++) pthread_create(&t, NULL, spin, NULL);
        pthread_create(&t, NULL, execer, NULL);
        char b;
        read(p[0], &b, 1);
        _exit(2);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    printf("exit: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "--dir")) {
        /* run as the interpreter of s0: argv[2] is the path of s0, in the scratch directory */
        snprintf(dir, sizeof dir, "%s", argv[2]);
        char *slash = strrchr(dir, '/');
        if (slash) *slash = 0;
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        self[n > 0 ? n : 0] = 0;
        printf("interpreter argc: %d\n", argc);
        for (int i = 1; i < argc; i++) printf("  argv[%d]: %s\n", i, rel(argv[i]));
        printf("  argv[0] is this program: %s\n", !strcmp(argv[0], self) ? "yes" : "no");
        printf("  threads: %d\n", tasks());
        char comm[32] = {0};
        prctl(PR_GET_NAME, comm);
        printf("  comm: %s\n", comm);
        int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
        char cl[2048];
        ssize_t m = read(fd, cl, sizeof cl);
        close(fd);
        int words = 0;
        for (ssize_t i = 0; i < m; i++) if (!cl[i]) words++;
        printf("  /proc/self/cmdline words: %d\n", words);
        return 0;
    }
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    MUST(n);
    self[n] = 0;
    strcpy(dir, "/tmp/mt3-shb-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    char p[128], prev[128];
    put("s0", self, "--dir");
    /* chains: sN names s(N-1) */
    for (int i = 1; i <= 5; i++) {
        char name[8];
        snprintf(name, sizeof name, "s%d", i);
        snprintf(prev, sizeof prev, "%s/s%d", dir, i - 1);
        put(name, prev, NULL);
    }
    snprintf(prev, sizeof prev, "%s/selfref", dir);
    put("selfref", prev, NULL);
    run("script naming this program", "s0");
    run("chain of 2", "s1");
    run("chain of 4", "s3");
    run("chain of 5", "s4");
    run("chain of 6", "s5");
    run("script naming itself", "selfref");
    for (int i = 0; i <= 5; i++) { snprintf(p, sizeof p, "%s/s%d", dir, i); unlink(p); }
    snprintf(p, sizeof p, "%s/selfref", dir);
    unlink(p);
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
