// syscalls: msgget msgsnd msgrcv msgctl
// expect: same
#include "common.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>

struct m { long type; char text[32]; };

/* System V message queues with IPC_PRIVATE: typed receive, NOWAIT, truncation, stat, remove. */
int main(void) {
    int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    FACT("msgget IPC_PRIVATE", id >= 0);
    if (id < 0) return 0;
    struct m a = { 1, "one" }, b = { 2, "two" }, c = { 3, "three-long-message" };
    REPORT("msgsnd type 1", msgsnd(id, &a, 4, 0));
    REPORT("msgsnd type 2", msgsnd(id, &b, 4, 0));
    REPORT("msgsnd type 3", msgsnd(id, &c, strlen(c.text) + 1, 0));
    struct msqid_ds ds;
    MUST(msgctl(id, IPC_STAT, &ds));
    printf("qnum: %lu cbytes: %lu\n", (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes);
    FACT("lspid is us", ds.msg_lspid == getpid());
    struct m r;
    memset(&r, 0, sizeof r);
    printf("msgrcv type 2: %ld %s\n", (long)msgrcv(id, &r, sizeof r.text, 2, 0), r.text);
    REPORT("msgrcv type 3 too small", msgrcv(id, &r, 4, 3, 0));
    memset(&r, 0, sizeof r);
    long n = msgrcv(id, &r, 5, 3, MSG_NOERROR);
    printf("msgrcv MSG_NOERROR: %ld type %ld %.5s\n", n, r.type, r.text);
    REPORT("msgrcv type 9 IPC_NOWAIT", msgrcv(id, &r, sizeof r.text, 9, IPC_NOWAIT));
    memset(&r, 0, sizeof r);
    n = msgrcv(id, &r, sizeof r.text, -5, 0);
    printf("msgrcv lowest type <= 5: %ld type %ld %s\n", n, r.type, r.text);
    REPORT("msgrcv empty IPC_NOWAIT", msgrcv(id, &r, sizeof r.text, 0, IPC_NOWAIT));
    pid_t ch = fork();
    MUST(ch);
    if (ch == 0) { struct m x = { 7, "from child" }; msgsnd(id, &x, 11, 0); _exit(0); }
    memset(&r, 0, sizeof r);
    n = msgrcv(id, &r, sizeof r.text, 7, 0);
    printf("blocking msgrcv from child: %ld %s\n", n, r.text);
    int st;
    MUST(waitpid(ch, &st, 0));
    struct m bad = { 0, "x" };
    REPORT("msgsnd type 0", msgsnd(id, &bad, 2, 0));
    REPORT("msgctl IPC_RMID", msgctl(id, IPC_RMID, NULL));
    REPORT("msgsnd removed", msgsnd(id, &a, 4, IPC_NOWAIT));
    REPORT("msgget missing key", msgget(0x5afe5afe, 0));
    return 0;
}
