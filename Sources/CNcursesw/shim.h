// Shim for ncursesw: the pieces of <curses.h> that Swift cannot import directly.
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so the wide-character API must be enabled here.
#ifndef DAEMONDECK_NCURSES_SHIM_H
#define DAEMONDECK_NCURSES_SHIM_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <curses.h>

// Attributes are macros built from NCURSES_BITS; hand them out as attr_t values.
static inline attr_t deck_attr_bold(void) { return A_BOLD; }
static inline attr_t deck_attr_reverse(void) { return A_REVERSE; }
static inline attr_t deck_attr_dim(void) { return A_DIM; }
static inline attr_t deck_attr_normal(void) { return A_NORMAL; }

// The standard screen and its size are mutable C globals; read them through functions.
static inline WINDOW *deck_stdscr(void) { return stdscr; }
static inline int deck_max_y(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int deck_max_x(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }

// Wide-character key read: returns OK, KEY_CODE_YES or ERR and stores the key in *out.
static inline int deck_get_wch(WINDOW *w, unsigned int *out) {
    wint_t ch = 0;
    int rc = wget_wch(w, &ch);
    *out = (unsigned int)ch;
    return rc;
}

// Draw a run of wide characters with an attribute and colour pair at a position.
static inline int deck_put_run(WINDOW *w, int y, int x, const wchar_t *text, int count,
                               attr_t attr, short pair) {
    wattr_set(w, attr, pair, NULL);
    return mvwaddnwstr(w, y, x, text, count);
}

// The last cell of the screen scrolls the window when written with addch; insert it instead.
static inline int deck_put_last_cell(WINDOW *w, int y, int x, const wchar_t *text, attr_t attr, short pair) {
    wattr_set(w, attr, pair, NULL);
    wmove(w, y, x);
    return wins_nwstr(w, text, 1);
}

// stdin/stdout are mutable C globals too.
static inline FILE *deck_stdin(void) { return stdin; }
static inline FILE *deck_stdout(void) { return stdout; }
static inline void deck_set_escdelay(int ms) { set_escdelay(ms); }

static inline int deck_key_resize(void) { return KEY_RESIZE; }
static inline int deck_key_mouse(void) { return KEY_MOUSE; }
static inline int deck_code_yes(void) { return KEY_CODE_YES; }
static inline int deck_key_f(int n) { return KEY_F(n); }

// Mouse: wheel buttons are BUTTON4/BUTTON5 (and with ncurses 6 mouse version 2).
static inline mmask_t deck_mouse_mask(void) {
    return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}
static inline int deck_mouse_is_wheel_up(mmask_t b) { return (b & BUTTON4_PRESSED) != 0; }
static inline int deck_mouse_is_wheel_down(mmask_t b) { return (b & BUTTON5_PRESSED) != 0; }
static inline int deck_mouse_is_click(mmask_t b) { return (b & (BUTTON1_PRESSED | BUTTON1_CLICKED)) != 0; }

#endif
