// SPDX-License-Identifier: GPL-2.0-only
#include <signal.h>
#include <string.h>

#include "stop.h"
#include "watchdog.h"

static volatile sig_atomic_t stop_sig, end_runs;

static void on_stop(int sig)
{
	/*
	 * A full barrier between this store and watchdog_kick_all()'s loads:
	 * a run either is in the table when it is read, or sees stop_sig
	 * after it put itself there (vcpu_run.c, boot_run.c).
	 */
	if (!stop_sig)
		__atomic_store_n(&stop_sig, sig, __ATOMIC_SEQ_CST);
	if (end_runs)
		watchdog_kick_all();
}

void stop_end_runs(void)
{
	end_runs = 1;
}

int stop_run_ended(void)
{
	return end_runs && stop_sig;
}

const char *stop_signal_name(void)
{
	return stop_sig == SIGINT ? "SIGINT" : stop_sig == SIGTERM ? "SIGTERM" : "";
}

int stop_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL))
		return -1;
	return 0;
}

int stop_signal(void)
{
	return stop_sig;
}

int stop_exit_code(void)
{
	return stop_sig ? 128 + stop_sig : 0;
}

void stop_block(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGTERM);
	sigprocmask(SIG_BLOCK, &s, NULL);
}
