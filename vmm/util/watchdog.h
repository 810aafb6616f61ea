/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The deadline on every guest run.  A POSIX timer delivers a signal to the
 * thread that runs the vCPU; the signal makes a KVM_RUN in progress return
 * EINTR, and its handler sets kvm_run.immediate_exit so that a KVM_RUN
 * entered just after the signal returns at once (Documentation/virt/kvm/
 * api.rst, "immediate_exit").  The timer repeats until disarmed, so a kick
 * can never be lost.
 */
#ifndef PVPROBE_WATCHDOG_H
#define PVPROBE_WATCHDOG_H

#include <stdint.h>
#include <time.h>
#include <linux/kvm.h>

struct watchdog {
	timer_t timer;
	struct timespec deadline;
	int armed;
	int slot;	/* in the table of armed threads, or -1 */
};

/* Arm for @timeout_ms on the calling thread, kicking @run. 0 or -1/errno. */
int watchdog_arm(struct watchdog *wd, struct kvm_run *run, unsigned int timeout_ms);
/* Disarm and delete the timer; clears immediate_exit. */
void watchdog_disarm(struct watchdog *wd, struct kvm_run *run);
/* The signal that kicks a vCPU thread (for an early stop: vcpu_cancel()). */
int watchdog_signal(void);

/*
 * Kick every thread with an armed watchdog now, as its deadline would
 * (async-signal-safe: for a SIGINT/SIGTERM handler, util/stop.c).  The
 * runs see why on their own (stop_run_ended()).
 */
void watchdog_kick_all(void);

/* Has the deadline passed? */
int watchdog_expired(const struct watchdog *wd);

#endif /* PVPROBE_WATCHDOG_H */
