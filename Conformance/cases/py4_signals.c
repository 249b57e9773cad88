// syscalls: setitimer getitimer pause rt_sigtimedwait rt_sigprocmask rt_sigpending tgkill rt_sigaction clock_nanosleep read write
// expect: same
/* Python's signal module on the OS: setitimer(ITIMER_REAL) with signal.pause (one-shot and
 * periodic, getitimer after it fired), sigwait/sigwaitinfo/sigtimedwait on blocked signals
 * (the siginfo's signo, code and uid; None on timeout), sigpending, pthread_sigmask,
 * pthread_kill to a thread blocked in sigwait and to one with the signal unblocked (the handler
 * runs in the main thread), PEP 475 (time.sleep, os.read, select and Event.wait resume after a
 * handler; a handler that raises interrupts them), siginterrupt, set_wakeup_fd and the
 * default SIGPIPE/SIGINT dispositions of the interpreter.
 * The C part makes a scratch directory under /tmp (0777), drops to uid/gid 1000 when run as
 * root, runs /usr/bin/python3 -I -u -c SCRIPT in it and removes the directory afterwards. */
#include "common.h"
#include <ftw.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static const char script[] =
"import errno, os, select, signal, threading, time\n"
"\n"
"hits = []\n"
"def handler(sig, frame):\n"
"    hits.append(signal.Signals(sig).name)\n"
"\n"
"print(\"SIGPIPE ignored by the interpreter:\", signal.getsignal(signal.SIGPIPE) == signal.SIG_IGN)\n"
"print(\"SIGINT handler is default_int_handler:\", signal.getsignal(signal.SIGINT) is signal.default_int_handler)\n"
"print(\"SIGCHLD default:\", signal.getsignal(signal.SIGCHLD) == signal.SIG_DFL)\n"
"\n"
"signal.signal(signal.SIGALRM, handler)\n"
"signal.setitimer(signal.ITIMER_REAL, 0.1)\n"
"signal.pause()\n"
"print(\"pause returned after ITIMER_REAL:\", hits, \"timer now:\", signal.getitimer(signal.ITIMER_REAL))\n"
"hits.clear()\n"
"signal.setitimer(signal.ITIMER_REAL, 0.05, 0.05)\n"
"for _ in range(3):\n"
"    signal.pause()\n"
"remaining, interval = signal.setitimer(signal.ITIMER_REAL, 0)\n"
"print(\"periodic timer: 3 pauses, 3 hits:\", len(hits), \"interval was\", round(interval, 2), \"remaining <= interval:\", remaining <= interval)\n"
"print(\"old timer returned by setitimer when none: \", signal.setitimer(signal.ITIMER_REAL, 0))\n"
"try:\n"
"    signal.setitimer(signal.ITIMER_REAL, -1)\n"
"except (signal.ItimerError, ValueError) as e:\n"
"    print(\"negative setitimer:\", type(e).__name__)\n"
"print(\"ITIMER_VIRTUAL and ITIMER_PROF readable:\", signal.getitimer(signal.ITIMER_VIRTUAL), signal.getitimer(signal.ITIMER_PROF))\n"
"hits.clear()\n"
"print(\"alarm(0) remaining:\", signal.alarm(0))\n"
"\n"
"# sigwait family on blocked signals\n"
"signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1, signal.SIGUSR2})\n"
"os.kill(os.getpid(), signal.SIGUSR1)\n"
"print(\"sigpending:\", sorted(s.name for s in signal.sigpending()))\n"
"print(\"sigwait:\", signal.sigwait({signal.SIGUSR1}).name)\n"
"os.kill(os.getpid(), signal.SIGUSR2)\n"
"info = signal.sigwaitinfo({signal.SIGUSR2})\n"
"CODES = {0: \"SI_USER\", 0x80: \"SI_KERNEL\", -1: \"SI_QUEUE\", -2: \"SI_TIMER\", -6: \"SI_TKILL\"}\n"
"print(\"sigwaitinfo: signo\", signal.Signals(info.si_signo).name, \"code\", CODES.get(info.si_code, info.si_code), \"uid\", info.si_uid,\n"
"      \"pid is ours\", info.si_pid == os.getpid())\n"
"signal.setitimer(signal.ITIMER_REAL, 0.05)\n"
"signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})\n"
"info = signal.sigtimedwait({signal.SIGALRM}, 5)\n"
"print(\"sigtimedwait for the ITIMER_REAL signal: code\", CODES.get(info.si_code, info.si_code), signal.Signals(info.si_signo).name)\n"
"t0 = time.monotonic()\n"
"print(\"sigtimedwait timeout:\", signal.sigtimedwait({signal.SIGUSR1}, 0.1), \"waited\", time.monotonic() - t0 >= 0.09)\n"
"print(\"mask now:\", sorted(s.name for s in signal.pthread_sigmask(signal.SIG_BLOCK, [])))\n"
"signal.pthread_sigmask(signal.SIG_SETMASK, [])\n"
"print(\"handler hits while blocked:\", hits)\n"
"\n"
"# pthread_kill to threads\n"
"got = []\n"
"ready = threading.Event()\n"
"def waiter():\n"
"    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR2})\n"
"    ready.set()\n"
"    got.append(signal.sigwait({signal.SIGUSR2}).name)\n"
"signal.signal(signal.SIGUSR2, handler)\n"
"t = threading.Thread(target=waiter)\n"
"t.start()\n"
"ready.wait()\n"
"signal.pthread_kill(t.ident, signal.SIGUSR2)\n"
"t.join(10)\n"
"print(\"pthread_kill to a thread in sigwait:\", got, \"main handler ran:\", hits)\n"
"stop = threading.Event()\n"
"in_thread = threading.Thread(target=stop.wait, args=(10,))\n"
"in_thread.start()\n"
"signal.signal(signal.SIGUSR1, lambda s, f: hits.append(threading.current_thread() is threading.main_thread()))\n"
"signal.pthread_kill(in_thread.ident, signal.SIGUSR1)\n"
"time.sleep(0.2)\n"
"stop.set()\n"
"in_thread.join()\n"
"print(\"pthread_kill to another thread: handler ran in the main thread:\", hits)\n"
"signal.pthread_kill(threading.get_ident(), 0)\n"
"print(\"pthread_kill signal 0 to self: ok\")\n"
"signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR2})\n"
"signal.pthread_kill(threading.get_ident(), signal.SIGUSR2)\n"
"info = signal.sigwaitinfo({signal.SIGUSR2})\n"
"print(\"pthread_kill to self, seen by sigwaitinfo: code\", CODES.get(info.si_code, info.si_code))\n"
"signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGUSR2})\n"
"\n"
"# PEP 475: calls resume after a handler that returns\n"
"hits.clear()\n"
"signal.signal(signal.SIGALRM, handler)\n"
"def during(label, fn, min_time):\n"
"    hits.clear()\n"
"    signal.setitimer(signal.ITIMER_REAL, 0.05)\n"
"    t0 = time.monotonic()\n"
"    res = fn()\n"
"    print(\"PEP 475\", label + \": full time\", time.monotonic() - t0 >= min_time, \"handler\", hits, \"result\", res)\n"
"during(\"time.sleep(0.3)\", lambda: time.sleep(0.3), 0.29)\n"
"r, w = os.pipe()\n"
"threading.Timer(0.3, os.write, (w, b\"late\")).start()\n"
"during(\"os.read on a pipe\", lambda: os.read(r, 10), 0.29)\n"
"during(\"select.select(0.3)\", lambda: select.select([r], [], [], 0.3), 0.29)\n"
"during(\"Event().wait(0.3)\", lambda: threading.Event().wait(0.3), 0.29)\n"
"during(\"signal.sigtimedwait(0.3)\", lambda: signal.sigtimedwait({signal.SIGUSR1}, 0.3), 0.29)\n"
"class Boom(Exception):\n"
"    pass\n"
"def raiser(sig, frame):\n"
"    raise Boom()\n"
"signal.signal(signal.SIGALRM, raiser)\n"
"signal.setitimer(signal.ITIMER_REAL, 0.05)\n"
"t0 = time.monotonic()\n"
"try:\n"
"    time.sleep(5)\n"
"except Boom:\n"
"    print(\"handler raising interrupts time.sleep early:\", time.monotonic() - t0 < 4)\n"
"signal.setitimer(signal.ITIMER_REAL, 0.05)\n"
"try:\n"
"    os.read(r, 10)\n"
"except Boom:\n"
"    print(\"handler raising interrupts os.read\")\n"
"# siginterrupt(False) = SA_RESTART: same visible behaviour for Python\n"
"signal.signal(signal.SIGALRM, handler)\n"
"signal.siginterrupt(signal.SIGALRM, False)\n"
"during(\"os.read with siginterrupt False\", lambda: (threading.Timer(0.2, os.write, (w, b\"x\")).start(), os.read(r, 10))[1], 0.19)\n"
"\n"
"# set_wakeup_fd\n"
"wr, ww = os.pipe()\n"
"os.set_blocking(ww, False)\n"
"print(\"set_wakeup_fd old:\", signal.set_wakeup_fd(ww))\n"
"os.kill(os.getpid(), signal.SIGUSR1)\n"
"time.sleep(0.05)\n"
"print(\"wakeup byte is the signal number:\", os.read(wr, 10) == bytes([signal.SIGUSR1]))\n"
"signal.set_wakeup_fd(-1)\n"
"try:\n"
"    signal.set_wakeup_fd(wr + 1000)\n"
"except (ValueError, OSError) as e:\n"
"    print(\"set_wakeup_fd on an invalid fd:\", type(e).__name__, errno.errorcode.get(getattr(e, \"errno\", None)))\n"
"err = []\n"
"def other_thread():\n"
"    try:\n"
"        signal.signal(signal.SIGUSR1, handler)\n"
"    except ValueError as e:\n"
"        err.append(\"ValueError\")\n"
"t = threading.Thread(target=other_thread)\n"
"t.start(); t.join()\n"
"print(\"signal.signal outside the main thread:\", err)\n"
"print(\"strsignal:\", signal.strsignal(signal.SIGTERM), \"|\", signal.strsignal(signal.SIGRTMIN + 1) is not None)\n"
"print(\"valid_signals has SIGRTMAX:\", signal.SIGRTMAX in signal.valid_signals(), \"count\", len(signal.valid_signals()))\n";

static int unlock_dir(const char *p, const struct stat *st, int type, struct FTW *f) {
    (void)st; (void)f;
    if (type == FTW_D || type == FTW_DNR) chmod(p, 0700);
    return 0;
}

static int remove_entry(const char *p, const struct stat *st, int type, struct FTW *f) {
    (void)st; (void)type; (void)f;
    remove(p);
    return 0;
}

int main(void) {
    char dir[] = "/tmp/py4-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chmod(dir, 0777));
    if (getuid() == 0) {
        MUST(chown(dir, 1000, 1000));
        MUST(setgroups(0, NULL));
        MUST(setgid(1000));
        MUST(setuid(1000));
    }
    MUST(chdir(dir));
    char home[64], tmpdir[64];
    snprintf(home, sizeof home, "HOME=%s", dir);
    snprintf(tmpdir, sizeof tmpdir, "TMPDIR=%s", dir);
    char *const argv[] = { "python3", "-I", "-u", "-c", (char *)script, NULL };
    char *const envp[] = { "PATH=/usr/bin:/bin", "LANG=C", home, tmpdir, NULL };
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        execve("/usr/bin/python3", argv, envp);
        printf("execve python3: %s\n", errname(errno));
        _exit(127);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    if (WIFEXITED(st)) printf("python exit status: %d\n", WEXITSTATUS(st));
    else printf("python killed by signal: %s\n", sigabbrev_np(WTERMSIG(st)) ?: "?");
    MUST(chdir("/"));
    nftw(dir, unlock_dir, 16, FTW_PHYS);
    nftw(dir, remove_entry, 16, FTW_PHYS | FTW_DEPTH);
    FACT("scratch directory removed", access(dir, F_OK) != 0);
    return 0;
}
