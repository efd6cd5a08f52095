#ifndef DAEMONDECK_TERMINAL_RESCUE_H
#define DAEMONDECK_TERMINAL_RESCUE_H

#include <stddef.h>

/// Saves the terminal settings of `fd` now (call it before curses changes them) and installs handlers
/// for SIGQUIT and the signals whose default action is to end the process with a core dump (SIGSEGV,
/// SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGSYS, SIGXCPU, SIGXFSZ), on an alternate signal stack for
/// the calling thread. `fd` must be the descriptor curses writes to. If one of the signals arrives, from
/// a fault or from `kill`, the handler puts the saved settings back with tcsetattr, writes `restore`
/// (leave the alternate screen, show the cursor, mouse off) to `fd`, lets the previous handler (Swift's
/// backtracer) see a fatal signal, then ends the process with the signal's default action (status
/// 128+N, a core where it dumps). An ignored SIGQUIT (inherited, as under nohup) is left ignored.
/// Async-signal-safe calls only. Returns 0, or -1 if `fd` is not a terminal.
int deck_rescue_arm(int fd, const char *restore, size_t length);

/// Forgets the terminal (after it has been restored the normal way) and puts the previous handlers back,
/// unless `deck_rescue_guard_children` asked for them to stay.
void deck_rescue_disarm(void);

/// Installs the same handlers for the rest of the process, with or without a terminal (plain mode too):
/// on one of those signals the handler first sends SIGKILL to every kill target (below), so no child
/// daemondeck started outlives it. Call it (once is enough) before the first child starts.
void deck_rescue_guard_children(void);

/// Adds a `kill` target for the handler: minus a process group's id for the whole group, or a child's
/// pid. Lock-free (atomics), so it may run on any thread. Returns 0, or -1 if every slot (256) is taken.
int deck_rescue_add_kill_target(int target);

/// Removes a target added before: call it before the child is reaped, while its number is still ours.
void deck_rescue_remove_kill_target(int target);

/// 1 if `number`'s disposition is SIG_IGN now (for example inherited from `nohup` or `trap '' INT`).
int deck_signal_is_ignored(int number);

#endif
