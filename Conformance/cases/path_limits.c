// syscalls: truncate openat unlink rename
// expect: same
#include "common.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

static volatile sig_atomic_t xfsz;
static void on_xfsz(int s) { (void)s; xfsz++; }

int main(void) {
    char dir[] = "/tmp/conf-limits-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    REPORT("open a directory with O_TRUNC", open(".", O_RDONLY | O_TRUNC));
    REPORT("open a directory O_RDONLY", open(".", O_RDONLY));
    MUST(close(open("f", O_CREAT | O_WRONLY, 0644)));
    REPORT("unlink file/.", unlink("f/."));
    REPORT("unlink missing/.", unlink("missing/."));
    REPORT("unlink dir/.", unlink("./."));
    REPORT("rename /", rename("/", "x"));
    REPORT("rename onto /", rename("f", "/"));
    // The guest's file-size limit holds for a truncate the supervisor makes.
    signal(SIGXFSZ, on_xfsz);
    struct rlimit limit = { 4096, 4096 };
    MUST(setrlimit(RLIMIT_FSIZE, &limit));
    REPORT("truncate within RLIMIT_FSIZE", truncate("f", 4096));
    REPORT("truncate beyond RLIMIT_FSIZE", truncate("f", 8192));
    printf("SIGXFSZ delivered: %d\n", (int)xfsz);
    REPORT("truncate down", truncate("f", 10));
    struct stat st;
    MUST(stat("f", &st));
    printf("size: %ld\n", (long)st.st_size);
    unlink("f");
    return 0;
}
