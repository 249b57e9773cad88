// syscalls: openat unlink wait4 clone pipe2 read write
// expect: same
/* O_CREAT|O_EXCL between two processes: over 100 rounds, both race to create the same name and
 * exactly one wins each round (the other gets EEXIST); also mkdir races and link races. */
#include "fs2_util.h"

/* returns number of winners in this round */
static int round_(int kind, int r) {
    char name[32];
    snprintf(name, sizeof name, "race-%d-%d", kind, r);
    int go[2];
    MUST(pipe(go));
    int res[2];
    MUST(pipe(res));
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        if (kids[k] == 0) {
            char c;
            close(go[1]);
            if (read(go[0], &c, 1) != 1) _exit(2);
            int won;
            if (kind == 0) { int fd = open(name, O_CREAT | O_EXCL | O_WRONLY, 0644); won = fd >= 0; if (fd >= 0) close(fd); }
            else if (kind == 1) won = mkdir(name, 0755) == 0;
            else { char mine[40]; snprintf(mine, sizeof mine, "src-%d-%d", r, k); put(mine, "s"); won = link(mine, name) == 0; }
            char out = won ? 'W' : (errno == EEXIST ? 'E' : '?');
            MUST(write(res[1], &out, 1));
            _exit(0);
        }
    }
    close(go[0]);
    MUST(write(go[1], "gg", 2));
    close(go[1]);
    close(res[1]);
    char got[4] = {0};
    int n = 0;
    while (n < 2 && read(res[0], got + n, 1) == 1) n++;
    close(res[0]);
    for (int k = 0; k < 2; k++) waitpid(kids[k], NULL, 0);
    int wins = (got[0] == 'W') + (got[1] == 'W');
    int eexist = (got[0] == 'E') + (got[1] == 'E');
    return wins == 1 && eexist == 1 ? 1 : wins * 10 + eexist;
}

int main(void) {
    enter_scratch("fs2-excl");
    const char *kinds[] = { "open O_CREAT|O_EXCL", "mkdir", "link" };
    for (int kind = 0; kind < 3; kind++) {
        int good = 0, bad = 0;
        for (int r = 0; r < 100; r++) { if (round_(kind, r) == 1) good++; else bad++; }
        printf("%s: rounds with exactly one winner: %d, other outcomes: %d\n", kinds[kind], good, bad);
    }
    leave_scratch();
    return 0;
}
