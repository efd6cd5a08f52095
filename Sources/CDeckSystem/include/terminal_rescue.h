#ifndef DAEMONDECK_TERMINAL_RESCUE_H
#define DAEMONDECK_TERMINAL_RESCUE_H

#include <stddef.h>

/// Saves the terminal settings of `fd` now (call it before curses changes them) and installs handlers
/// for SIGQUIT and the fatal signals (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE). If one of them
/// arrives, the handler puts the saved settings back with tcsetattr, writes `restore` (leave the
/// alternate screen, show the cursor, mouse off) to `fd`, then hands the signal to whatever handled it
/// before (or the default action), so the program dies as it would have. Async-signal-safe calls only;
/// errno is saved and restored. Returns 0, or -1 if `fd` is not a terminal.
int deck_rescue_arm(int fd, const char *restore, size_t length);

/// Puts the previous handlers back (after the terminal has been restored the normal way).
void deck_rescue_disarm(void);

#endif
