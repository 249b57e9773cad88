// syscalls: newfstatat stat openat getdents64 utimensat unlink unlinkat pselect6 pipe2 rt_sigprocmask vfork clone execve wait4
// expect: same
/* make(1) deciding from file times set with touch -d (uid 1000): all up to date (-q status 0),
 * one source made newer (make -n lists exactly the dependent recipes), a rebuild, -W what-if,
 * -B, equal mtimes (up to date), a prerequisite newer by half a second (sub-second times
 * compared: rebuilt), order-only prerequisites (a newer directory does not rebuild), a missing
 * prerequisite (no rule), a failing recipe with -k and .DELETE_ON_ERROR (the partial target is
 * removed), $(sort $(wildcard ...)), and a parallel -j4 build (its lines sorted). */
#include "tool_util.h"

static const char *makefile =
    "cat > Makefile <<'X'\n"
    ".DELETE_ON_ERROR:\n"
    "SRCS := $(sort $(wildcard *.in))\n"
    "prog: a.o b.o\n"
    "\t@echo link $@ from $^; cat $^ > $@\n"
    "%.o: %.in\n"
    "\t@echo compile $< to $@; tr a-z A-Z < $< > $@\n"
    "list:\n"
    "\t@echo sources: $(SRCS)\n"
    "out/data: data.txt | out\n"
    "\t@echo copy $< to $@; cp $< $@\n"
    "out:\n"
    "\t@echo mkdir $@; mkdir $@\n"
    "needs-missing: nowhere.in\n"
    "\t@echo never\n"
    "partial:\n"
    "\t@echo writing partial; echo half > $@; false\n"
    "other:\n"
    "\t@echo other made\n"
    "par: p1 p2 p3 p4\n"
    "\t@echo par done\n"
    "p1 p2 p3 p4:\n"
    "\t@echo start $@; sleep 0.1; echo end $@\n"
    ".PHONY: list par p1 p2 p3 p4 other\n"
    "X\n"
    "echo alpha > a.in; echo beta > b.in; echo gamma > c.in; echo data > data.txt\n";

#define SET_TIMES "touch -d '2000-01-01' a.in b.in && touch -d '2001-01-01' a.o b.o && touch -d '2002-01-01' prog; "

int main(void) {
    enter("make");
    sh("Makefile and sources", makefile);
    sh("first build", "make; echo status $?; cat prog");
    sh("all up to date", SET_TIMES "make -q; echo '-q status' $?; make");
    sh("b.in made newer: -n lists the dependent recipes", SET_TIMES "touch -d '2003-01-01' b.in; make -n; make -q; echo '-q status' $?");
    sh("rebuild", "make; make");
    sh("-W a.in (what if)", SET_TIMES "make -n -W a.in");
    sh("-B", SET_TIMES "make -B | sort");
    sh("equal mtimes are up to date", "touch -d '2004-01-01 00:00:00' a.in b.in a.o b.o prog && make");
    sh("newer by half a second: rebuilt",
       "touch -d '2004-01-01 00:00:00.5' a.in && make");
    sh("older by a nanosecond: up to date",
       "touch -d '2005-01-01 00:00:00.000000001' a.o b.o prog && touch -d '2005-01-01 00:00:00' a.in b.in && make");
    sh("order-only prerequisite", "make out/data && touch -d '2010-01-01' out && touch -d '2001-01-01' data.txt && "
       "touch -d '2002-01-01' out/data && make out/data");
    sh("a missing prerequisite", "make needs-missing; echo status $?");
    sh("a failing recipe; -k goes on; the partial target is deleted",
       "make -k partial other; echo status $?; [ -e partial ] || echo partial deleted");
    sh("wildcard and sort", "make list");
    sh("parallel -j4", "make -j4 par | sort");
    sh("-C from another directory", "mkdir elsewhere && cd elsewhere && make -C .. -q prog; echo status $?");
    leave();
    return 0;
}
