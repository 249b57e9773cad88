// syscalls: clone execve wait4 socket bind connect sendmsg recvmsg mmap futex pipe2 kill
// expect: same
/* multiprocessing with the forkserver start method (a server process reached through a unix socket under TMPDIR forks the children and hands their descriptors over with SCM_RIGHTS): Pool.map/imap_unordered/apply_async/starmap
 * results and a re-raised worker exception; a Queue fed by four processes; a shared Value
 * incremented under a Lock and under its own lock; an Array; what a child sees (name,
 * parent pid, cwd, ids); exit codes of sys.exit, a signal, terminate and kill; a Pipe;
 * Event and Semaphore; a Manager's dict and list proxies. Work functions live in a module
 * written to the scratch directory, so spawned children can import them.
 * The C part makes a scratch directory under /tmp (0777), drops to uid/gid 1000 when run as
 * root, runs /usr/bin/python3 -I -u -c SCRIPT in it and removes the directory afterwards. */
#include "py_mp_script.h"
#include <sys/stat.h>

int main(void) { return run_mp_case("forkserver"); }
